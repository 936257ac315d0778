import type { Queryable } from '../db/Db'
import { newId, newSecret } from '../core/ids'
import { seal, type SealKey } from '../core/sealSecret'

export interface PartRow {
  id: string
  machine_id: string
  name: string
  is_main: boolean
  revision: number
}

export async function partsOf(db: Queryable, machineId: string): Promise<PartRow[]> {
  return db.query<PartRow>(
    `SELECT id, machine_id, name, is_main, revision FROM parts WHERE machine_id = $1 ORDER BY is_main DESC, name, id`,
    [machineId],
  )
}

export const partView = (
  p: PartRow,
): { id: string; machineId: string; name: string; isMain: boolean; revision: number } => ({
  id: p.id,
  machineId: p.machine_id,
  name: p.name,
  isMain: p.is_main,
  revision: p.revision,
})

/**
 * Inserts a part with a fresh secret (stored sealed); the machine's first part is its main part.
 * `id`: the id a desktop made for a part it created offline (pushed); otherwise a new one.
 */
export async function insertPart(
  tx: Queryable,
  key: SealKey,
  machineId: string,
  name: string,
  main: boolean,
  id: string = newId('prt'),
): Promise<PartRow> {
  if (main) await tx.query(`UPDATE parts SET is_main = false WHERE machine_id = $1 AND is_main`, [machineId])
  await tx.query(
    `INSERT INTO parts (id, machine_id, name, is_main, secret_sealed) VALUES ($1, $2, $3, $4, $5)`,
    [id, machineId, name, main, seal(key, newSecret())],
  )
  return { id, machine_id: machineId, name, is_main: main, revision: 0 }
}
