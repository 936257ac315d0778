import type { Queryable, SqlParam } from '../../src/hub/db/Db'

/** Rows per statement: large enough to seed 10,000 machines quickly, within PostgreSQL's 65,535 parameters. */
const BATCH = 1000

/**
 * Seeds a hub table straight through SQL (benches only: the routes would take minutes for a
 * 10,000-machine fleet). `casts[i]` is appended to the i-th column's placeholder (e.g. `::jsonb`).
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: string[],
  casts: string[],
  rows: SqlParam[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const params: SqlParam[] = []
    const tuples = rows.slice(start, start + BATCH).map((row) => {
      const slots = row.map((value, i) => {
        params.push(value)
        return `$${params.length}${casts[i] ?? ''}`
      })
      return `(${slots.join(', ')})`
    })
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params)
  }
}
