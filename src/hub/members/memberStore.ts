import type { GrantResource, Role } from '../../shared/domain/model'
import type { GrantId, LocationId, MachineId, OrgId, UserId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import type { MemberGrant, MemberRecord } from './memberDecisions'

interface MemberGrantRow {
  user_id: string
  email: string
  grant_id: string
  role: Role
  resource_kind: GrantResource['kind']
  resource_id: string
  created_at: Date | string
}

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString()

export function toGrantResource(kind: GrantResource['kind'], id: string): GrantResource {
  switch (kind) {
    case 'organization':
      return { kind, id: id as OrgId }
    case 'location':
      return { kind, id: id as LocationId }
    case 'machine':
      return { kind, id: id as MachineId }
  }
}

/**
 * Every person with a grant in the organization, with their grants there. "Date joined" is their
 * first grant's date in this organization (the account may be older than the membership).
 */
export async function loadMembers(db: Queryable, orgId: OrgId): Promise<MemberRecord[]> {
  const rows = await db.query<MemberGrantRow>(
    `SELECT u.id AS user_id, u.email, g.id AS grant_id, g.role, g.resource_kind, g.resource_id, g.created_at
     FROM grants g JOIN users u ON u.id = g.subject_id
     WHERE g.subject_kind = 'user' AND g.org_id = $1
     ORDER BY g.created_at, g.id`,
    [orgId],
  )
  const byUser = new Map<string, MemberRecord>()
  for (const row of rows) {
    let member = byUser.get(row.user_id)
    if (!member) {
      member = { userId: row.user_id as UserId, email: row.email, joinedAt: iso(row.created_at), grants: [] }
      byUser.set(row.user_id, member)
    }
    const grant: MemberGrant = {
      grantId: row.grant_id as GrantId,
      role: row.role,
      resource: toGrantResource(row.resource_kind, row.resource_id),
    }
    member.grants.push(grant)
  }
  return [...byUser.values()].sort(
    (a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.userId.localeCompare(b.userId),
  )
}

export function findGrant(
  members: readonly MemberRecord[],
  userId: UserId,
  grantId: GrantId,
): MemberGrant | null {
  return members.find((m) => m.userId === userId)?.grants.find((g) => g.grantId === grantId) ?? null
}
