import type { ApiKeyId } from '../../shared/ids'
import type { GrantResource, Role } from '../../shared/domain/model'
import type { Queryable } from '../db/Db'
import { newId, newSecret } from '../core/ids'
import { insertGrant } from './grants'
import { tokenHash } from './tokenHash'

/**
 * API keys: an id and a 256-bit secret, shown once and stored as its SHA-256 (a secret that random
 * cannot be guessed, and a fast hash keeps every request's check cheap; passwords, which people
 * choose, get scrypt; authenticate.ts checks it on every request, so a deleted key fails at once). A key's access is its grants (subject kind 'api-key'). Nothing limits the
 * keys per resource, so a new key can go live before the old one is deleted (rotation).
 */
export interface NewApiKey {
  id: string
  secret: string
}

export interface ApiKeyGrantInput {
  role: Role
  resource: GrantResource
  /** The organization the resource lives in. */
  orgId: string
}

export async function createApiKey(
  tx: Queryable,
  input: { orgId: string; name: string; grants: readonly ApiKeyGrantInput[] },
): Promise<NewApiKey> {
  const id = newId('key')
  const secret = newSecret()
  await tx.query(`INSERT INTO api_keys (id, org_id, name, secret_hash) VALUES ($1, $2, $3, $4)`, [
    id,
    input.orgId,
    input.name,
    tokenHash(secret),
  ])
  for (const grant of input.grants) {
    await insertGrant(tx, { subject: { kind: 'api-key', id: id as ApiKeyId }, ...grant })
  }
  return { id, secret }
}

/** Deletes a key and its grants; its next request is refused. */
export async function deleteApiKey(tx: Queryable, id: string): Promise<boolean> {
  await tx.query(`DELETE FROM grants WHERE subject_kind = 'api-key' AND subject_id = $1`, [id])
  const rows = await tx.query(`DELETE FROM api_keys WHERE id = $1 RETURNING id`, [id])
  return rows.length > 0
}
