import type { Queryable } from '../db/Db'

export type ChangeKind =
  | 'organization'
  | 'location'
  | 'location-share'
  | 'support-access'
  | 'machine'
  | 'part'
  | 'config-revision'
  | 'fragment'
  | 'fragment-revision'
  | 'grant'
  | 'api-key'
  | 'member'
  | 'invite'
  | 'package'
  | (string & {})

export type ChangeOp = 'create' | 'update' | 'delete'

export interface Change {
  kind: ChangeKind
  resourceId: string
  /** The organization the resource belongs to; null for hub-wide rows. */
  orgId: string | null
  /** Root-first location ids (for a location: ending with itself); [] when not in a location. */
  locationPath?: readonly string[]
  machineId?: string | null
  op: ChangeOp
  /** What the feed carries: the resource's new state, or what identifies a deleted one. */
  body: Record<string, unknown>
  /** Who made it (email or api-key:<id>). */
  actor: string
}

// Any constant shared by every hub process; see recordChange.
const CHANGE_LOCK = 4_721_002

/**
 * Writes the change row of a mutation, inside the mutation's own transaction (pass the `tx`), and
 * returns its id (the feed cursor). The transaction-scoped advisory lock makes change ids commit in
 * order: without it, with PostgreSQL and concurrent writers, id 11 could commit before id 10 and a
 * reader whose cursor passed 11 would never see 10. The cost is that writers serialize from their
 * first change row to their commit, which the hub's short transactions keep small.
 */
export async function recordChange(tx: Queryable, change: Change): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(${CHANGE_LOCK})`)
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO changes (kind, resource_id, org_id, location_path, machine_id, op, body, actor)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8) RETURNING id`,
    [
      change.kind,
      change.resourceId,
      change.orgId,
      JSON.stringify(change.locationPath ?? []),
      change.machineId ?? null,
      change.op,
      JSON.stringify(change.body),
      change.actor,
    ],
  )
  return Number(rows[0]?.id)
}
