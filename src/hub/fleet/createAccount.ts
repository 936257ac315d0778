import type { UserId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { recordChange } from '../changes/recordChange'
import { createOrganization } from './organizations'
import { insertUser } from '../auth/users'

export interface NewAccount {
  userId: string
  orgId: string
}

/**
 * A new user and the organization that comes with the account (the seed product: signing up makes
 * you the owner of an organization of your own). In one transaction, with its change rows.
 */
export async function createAccount(
  tx: Queryable,
  input: { email: string; name: string; passwordHash: string; orgName?: string },
): Promise<NewAccount> {
  const user = await insertUser(tx, input)
  const orgName = input.orgName ?? `${input.name || user.email}'s organization`
  const subject = { kind: 'user', id: user.id as UserId } as const
  const orgId = await createOrganization(tx, { name: orgName, owner: subject, actor: user.email })
  await recordChange(tx, {
    kind: 'user',
    resourceId: user.id,
    orgId,
    op: 'create',
    body: { email: user.email },
    actor: user.email,
  })
  return { userId: user.id, orgId }
}
