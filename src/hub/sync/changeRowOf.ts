import type { ChangeRow } from './feedVisibility'

/** The columns of a `changes` row that say what changed and where (what the feed decides on). */
export interface DbChangeRef {
  id: number
  kind: string
  resource_id: string
  org_id: string | null
  location_path: string[]
  machine_id: string | null
  op: ChangeRow['op']
}

/** A `changes` row as the feed's visibility rules take it (the id comes back as text from pg's bigint). */
export function changeRowOf(row: DbChangeRef): ChangeRow {
  return {
    id: Number(row.id),
    kind: row.kind,
    resourceId: row.resource_id,
    orgId: row.org_id,
    locationPath: row.location_path,
    machineId: row.machine_id,
    op: row.op,
  }
}
