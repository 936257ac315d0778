import type { LocationId, OrgId } from '../../shared/ids'
import type { Queryable, SqlParam } from '../db/Db'

export interface LocationChain {
  orgId: OrgId
  /** Root first, ending with the location itself. */
  path: LocationId[]
  /** Orgs that the location or one of its ancestors is shared with. */
  sharedWith: OrgId[]
}

/** A chain found from a start row, with the machine the start named (if any). */
export interface StartChain extends LocationChain {
  machineId: string | null
}

/**
 * Walks up from every row of `start` (an SQL query selecting `key, location_id, machine_id`) in one
 * statement, so a part's or a machine's place costs one round trip instead of one per table (each
 * round trip is most of a read's cost on PGlite). The depth bound keeps broken data (a cycle) from
 * looping.
 */
const chainSql = (start: string): string => `
WITH RECURSIVE start(key, location_id, machine_id) AS (${start}),
up(key, id, parent_id, org_id, depth) AS (
  SELECT s.key, l.id, l.parent_id, l.org_id, 0 FROM start s JOIN locations l ON l.id = s.location_id
  UNION ALL
  SELECT up.key, l.id, l.parent_id, l.org_id, up.depth + 1 FROM locations l JOIN up ON l.id = up.parent_id
  WHERE up.depth < 16
)
SELECT up.key, up.id, up.org_id, s.location_id AS start_id, s.machine_id,
  COALESCE((SELECT json_agg(sh.org_id) FROM location_shares sh WHERE sh.location_id = up.id), '[]'::json) AS shared
FROM up JOIN start s ON s.key = up.key ORDER BY up.key, up.depth DESC`

interface ChainRow {
  key: string
  id: string
  org_id: string
  start_id: string
  machine_id: string | null
  shared: string[]
}

/** Every start row's chain from its root, by key; a start whose location is absent is left out. */
export async function chainsFrom(
  db: Queryable,
  start: string,
  params: readonly SqlParam[],
): Promise<Map<string, StartChain>> {
  const rows = await db.query<ChainRow>(chainSql(start), params)
  const byKey = new Map<string, ChainRow[]>()
  for (const row of rows) {
    const list = byKey.get(row.key)
    if (list) list.push(row)
    else byKey.set(row.key, [row])
  }
  const out = new Map<string, StartChain>()
  for (const [key, chain] of byKey) {
    const last = chain[chain.length - 1]
    // A walk that did not end at its start went round a cycle: treat it as absent.
    if (!last || last.id !== last.start_id) continue
    out.set(key, {
      orgId: last.org_id as OrgId,
      path: chain.map((r) => r.id as LocationId),
      sharedWith: [...new Set<string>(chain.flatMap((r) => r.shared))] as OrgId[],
      machineId: last.machine_id,
    })
  }
  return out
}

/** A Postgres text[] literal (`{"a","b"}`) for `= ANY($1::text[])`. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/** The location's chain from its root, or null when it does not exist. */
export async function locationChain(db: Queryable, locationId: string): Promise<LocationChain | null> {
  const chains = await chainsFrom(db, `SELECT 'l'::text, $1::text, NULL::text`, [locationId])
  const chain = chains.get('l')
  return chain ? { orgId: chain.orgId, path: chain.path, sharedWith: chain.sharedWith } : null
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
