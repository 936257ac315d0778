import type { IdentityGrant } from '../../shared/access/can'
import type { GrantResource, Role, Subject } from '../../shared/domain/model'
import type { ApiKeyId, GrantId, LocationId, MachineId, OrgId, UserId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { newId } from '../core/ids'

export interface GrantRow {
  id: string
  subject_kind: 'user' | 'api-key'
  subject_id: string
  role: Role
  resource_kind: GrantResource['kind']
  resource_id: string
  org_id: string
}

function toResource(kind: GrantResource['kind'], id: string): GrantResource {
  switch (kind) {
    case 'organization':
      return { kind, id: id as OrgId }
    case 'location':
      return { kind, id: id as LocationId }
    case 'machine':
      return { kind, id: id as MachineId }
  }
}

function toSubject(kind: 'user' | 'api-key', id: string): Subject {
  return kind === 'user' ? { kind, id: id as UserId } : { kind, id: id as ApiKeyId }
}

export function rowToGrant(row: GrantRow): IdentityGrant {
  return {
    id: row.id as GrantId,
    subject: toSubject(row.subject_kind, row.subject_id),
    role: row.role,
    resource: toResource(row.resource_kind, row.resource_id),
    orgId: row.org_id as OrgId,
  }
}

/** The grant columns, for queries that load a subject's grants along with something else. */
export const GRANT_COLUMNS = `g.id, g.subject_kind, g.subject_id, g.role, g.resource_kind, g.resource_id, g.org_id`

/** Every grant of a subject, each placed in its resource's organization (for `can()`). */
export async function grantsOf(db: Queryable, subject: Subject): Promise<IdentityGrant[]> {
  const rows = await db.query<GrantRow>(
    `SELECT id, subject_kind, subject_id, role, resource_kind, resource_id, org_id FROM grants
     WHERE subject_kind = $1 AND subject_id = $2 ORDER BY created_at, id`,
    [subject.kind, subject.id],
  )
  return rows.map(rowToGrant)
}

export interface NewGrant {
  subject: Subject
  role: Role
  resource: GrantResource
  /** The organization the resource lives in. */
  orgId: string
}

export async function insertGrant(tx: Queryable, grant: NewGrant): Promise<string> {
  const id = newId('grt')
  await tx.query(
    `INSERT INTO grants (id, subject_kind, subject_id, role, resource_kind, resource_id, org_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      grant.subject.kind,
      grant.subject.id,
      grant.role,
      grant.resource.kind,
      grant.resource.id,
      grant.orgId,
    ],
  )
  return id
}
