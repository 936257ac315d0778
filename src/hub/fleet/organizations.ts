import type { Subject } from '../../shared/domain/model'
import type { Queryable } from '../db/Db'
import { insertGrant } from '../auth/grants'
import { recordChange } from '../changes/recordChange'
import { newId } from '../core/ids'

/** Creates an organization with `owner` as its owner, and its change rows. Returns its id. */
export async function createOrganization(
  tx: Queryable,
  input: { name: string; owner: Subject; actor: string },
): Promise<string> {
  const id = newId('org')
  await tx.query(`INSERT INTO organizations (id, name) VALUES ($1, $2)`, [id, input.name])
  const grantId = await insertGrant(tx, {
    subject: input.owner,
    role: 'owner',
    resource: { kind: 'organization', id: id as never },
    orgId: id,
  })
  await recordChange(tx, {
    kind: 'organization',
    resourceId: id,
    orgId: id,
    op: 'create',
    body: { id, name: input.name },
    actor: input.actor,
  })
  await recordChange(tx, {
    kind: 'grant',
    resourceId: grantId,
    orgId: id,
    op: 'create',
    body: { subject: input.owner, role: 'owner', resource: { kind: 'organization', id } },
    actor: input.actor,
  })
  return id
}
