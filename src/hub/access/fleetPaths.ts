import type { LocationId, OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'

export interface LocationChain {
  orgId: OrgId
  /** Root first, ending with the location itself. */
  path: LocationId[]
  /** Orgs that the location or one of its ancestors is shared with. */
  sharedWith: OrgId[]
}

// Walks up from a location; the depth bound keeps broken data (a cycle) from looping.
const CHAIN_SQL = `
WITH RECURSIVE up(id, parent_id, org_id, depth) AS (
  SELECT id, parent_id, org_id, 0 FROM locations WHERE id = $1
  UNION ALL
  SELECT l.id, l.parent_id, l.org_id, up.depth + 1 FROM locations l JOIN up ON l.id = up.parent_id
  WHERE up.depth < 16
)
SELECT up.id, up.org_id,
  COALESCE((SELECT json_agg(s.org_id) FROM location_shares s WHERE s.location_id = up.id), '[]'::json) AS shared
FROM up ORDER BY up.depth DESC`

/** The location's chain from its root, or null when it does not exist. */
export async function locationChain(db: Queryable, locationId: string): Promise<LocationChain | null> {
  const rows = await db.query<{ id: string; org_id: string; shared: string[] }>(CHAIN_SQL, [locationId])
  const last = rows[rows.length - 1]
  if (!last || last.id !== locationId) return null
  const shared = new Set<string>(rows.flatMap((r) => r.shared))
  return {
    orgId: last.org_id as OrgId,
    path: rows.map((r) => r.id as LocationId),
    sharedWith: [...shared] as OrgId[],
  }
}

/** Ids of every location below `locationId` (not itself). */
export async function descendantIds(db: Queryable, locationId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT id, 0 FROM locations WHERE parent_id = $1
       UNION ALL
       SELECT l.id, down.depth + 1 FROM locations l JOIN down ON l.parent_id = down.id WHERE down.depth < 16
     ) SELECT id FROM down`,
    [locationId],
  )
  return rows.map((r) => r.id)
}
