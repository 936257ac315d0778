import type { GrantResource, Role } from '../../shared/domain/model'
import type { OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { toGrantResource } from '../members/memberStore'

export interface ApiKeyGrantView {
  grantId: string
  role: Role
  resource: GrantResource
}

export interface ApiKeyRecord {
  id: string
  name: string
  createdAt: string
  grants: ApiKeyGrantView[]
}

interface KeyRow {
  id: string
  name: string
  created_at: Date | string
  grant_id: string | null
  role: Role | null
  resource_kind: GrantResource['kind'] | null
  resource_id: string | null
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString()

/** The org's live keys with their grants; never the secret (only its hash is stored anyway). */
export async function loadApiKeys(db: Queryable, orgId: OrgId, keyId?: string): Promise<ApiKeyRecord[]> {
  const rows = await db.query<KeyRow>(
    `SELECT k.id, k.name, k.created_at, g.id AS grant_id, g.role, g.resource_kind, g.resource_id
     FROM api_keys k
     LEFT JOIN grants g ON g.subject_kind = 'api-key' AND g.subject_id = k.id
     WHERE k.org_id = $1 AND k.revoked_at IS NULL AND ($2::text IS NULL OR k.id = $2)
     ORDER BY k.created_at, k.id, g.created_at, g.id`,
    [orgId, keyId ?? null],
  )
  const byId = new Map<string, ApiKeyRecord>()
  for (const row of rows) {
    let key = byId.get(row.id)
    if (!key) {
      key = { id: row.id, name: row.name, createdAt: iso(row.created_at), grants: [] }
      byId.set(row.id, key)
    }
    if (
      row.grant_id !== null &&
      row.role !== null &&
      row.resource_kind !== null &&
      row.resource_id !== null
    ) {
      key.grants.push({
        grantId: row.grant_id,
        role: row.role,
        resource: toGrantResource(row.resource_kind, row.resource_id),
      })
    }
  }
  return [...byId.values()]
}
