import type { Location } from '../../shared/domain/model'
import type { LocationId, OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'

interface Row {
  id: string
  org_id: string
  parent_id: string | null
  name: string
  shared: string[]
}

const SELECT = `SELECT l.id, l.org_id, l.parent_id, l.name,
  COALESCE((SELECT json_agg(s.org_id ORDER BY s.org_id) FROM location_shares s WHERE s.location_id = l.id), '[]'::json) AS shared
  FROM locations l`

const toLocation = (r: Row): Location => ({
  id: r.id as LocationId,
  orgId: r.org_id as OrgId,
  parentId: r.parent_id as LocationId | null,
  name: r.name,
  sharedWith: r.shared as OrgId[],
})

/**
 * Every location of an organization. `lock` takes row locks so that a placement check and the move
 * it allows are one step (two concurrent moves cannot together make a cycle).
 */
export async function orgLocations(db: Queryable, orgId: string, lock = false): Promise<Location[]> {
  if (lock) await db.query(`SELECT id FROM locations WHERE org_id = $1 FOR UPDATE`, [orgId])
  const rows = await db.query<Row>(`${SELECT} WHERE l.org_id = $1 ORDER BY l.name, l.id`, [orgId])
  return rows.map(toLocation)
}

/** Locations of other organizations shared with this one (the roots of what was shared). */
export async function sharedIntoOrg(db: Queryable, orgId: string): Promise<Location[]> {
  const rows = await db.query<Row>(
    `${SELECT} WHERE l.id IN (SELECT location_id FROM location_shares WHERE org_id = $1) ORDER BY l.name, l.id`,
    [orgId],
  )
  return rows.map(toLocation)
}

export async function getLocation(db: Queryable, id: string): Promise<Location | null> {
  const rows = await db.query<Row>(`${SELECT} WHERE l.id = $1`, [id])
  return rows[0] ? toLocation(rows[0]) : null
}
