import type { GrantResource, Role } from '../../shared/domain/model'
import type { OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { inviteState, type InviteRecord, type InviteState } from './inviteRules'
import { toGrantResource } from './memberStore'

interface InviteRow {
  id: string
  org_id: string
  email: string
  role: Role
  resource_kind: GrantResource['kind']
  resource_id: string
  created_at: Date | string
  expires_at: Date | string
  accepted_at: Date | string | null
  revoked_at: Date | string | null
}

export interface Invite extends InviteRecord {
  id: string
  orgId: OrgId
  role: Role
  resource: GrantResource
}

export interface InviteView {
  id: string
  email: string
  role: Role
  resource: GrantResource
  state: InviteState
  createdAt: string
  expiresAt: string
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString()
const isoOrNull = (v: Date | string | null): string | null => (v === null ? null : iso(v))

const COLUMNS = `id, org_id, email, role, resource_kind, resource_id, created_at, expires_at, accepted_at, revoked_at`

function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    orgId: row.org_id as OrgId,
    email: row.email,
    role: row.role,
    resource: toGrantResource(row.resource_kind, row.resource_id),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    acceptedAt: isoOrNull(row.accepted_at),
    revokedAt: isoOrNull(row.revoked_at),
  }
}

export function inviteView(invite: Invite, now: Date): InviteView {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    resource: invite.resource,
    state: inviteState(invite, now),
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
  }
}

export async function listInvites(db: Queryable, orgId: OrgId): Promise<Invite[]> {
  const rows = await db.query<InviteRow>(
    `SELECT ${COLUMNS} FROM invites WHERE org_id = $1 ORDER BY created_at, id`,
    [orgId],
  )
  return rows.map(toInvite)
}

export async function findInvite(db: Queryable, orgId: OrgId, id: string): Promise<Invite | null> {
  const rows = await db.query<InviteRow>(`SELECT ${COLUMNS} FROM invites WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
  ])
  return rows[0] ? toInvite(rows[0]) : null
}

/** Locked, so two people accepting (or an accept racing a revoke) settle one after the other. */
export async function findInviteByCodeHash(tx: Queryable, codeHash: string): Promise<Invite | null> {
  const rows = await tx.query<InviteRow>(`SELECT ${COLUMNS} FROM invites WHERE code_hash = $1 FOR UPDATE`, [
    codeHash,
  ])
  return rows[0] ? toInvite(rows[0]) : null
}

export async function insertInvite(
  tx: Queryable,
  invite: {
    id: string
    orgId: OrgId
    email: string
    role: Role
    resource: GrantResource
    codeHash: string
    invitedBy: string
    expiresAt: string
  },
): Promise<Invite> {
  const rows = await tx.query<InviteRow>(
    `INSERT INTO invites (id, org_id, email, role, resource_kind, resource_id, code_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      invite.id,
      invite.orgId,
      invite.email,
      invite.role,
      invite.resource.kind,
      invite.resource.id,
      invite.codeHash,
      invite.invitedBy,
      invite.expiresAt,
    ],
  )
  return toInvite(rows[0] as InviteRow)
}
