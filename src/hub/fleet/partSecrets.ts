import type { Queryable } from '../db/Db'
import { open, seal, type SealKey } from '../core/sealSecret'

// Part secrets are kept sealed (parts.secret_sealed): owners are shown them and agents are checked
// against them, so they are encrypted rather than hashed. The plain `parts.secret` column only
// exists for rows written before migration 003, and the hub seals those at start.

/** The part's secret, opened; null for an unknown part or one whose secret is not sealed yet. */
export async function readPartSecret(
  q: Queryable,
  key: SealKey,
  partId: string,
): Promise<{ secret: string; machineId: string } | null> {
  const rows = await q.query<{ secret_sealed: string | null; machine_id: string }>(
    `SELECT secret_sealed, machine_id FROM parts WHERE id = $1`,
    [partId],
  )
  const row = rows[0]
  if (!row || row.secret_sealed === null) return null
  return { secret: open(key, row.secret_sealed), machineId: row.machine_id }
}

/** Replaces the part's secret with `secret`, sealed; the plain column is cleared. */
export async function writePartSecret(
  tx: Queryable,
  key: SealKey,
  partId: string,
  secret: string,
): Promise<void> {
  await tx.query(`UPDATE parts SET secret_sealed = $2, secret = NULL WHERE id = $1`, [
    partId,
    seal(key, secret),
  ])
}

/** Seals every part secret still stored plain (rows from before migration 003). Returns how many. */
export async function sealPlainPartSecrets(tx: Queryable, key: SealKey): Promise<number> {
  const rows = await tx.query<{ id: string; secret: string }>(
    `SELECT id, secret FROM parts WHERE secret IS NOT NULL FOR UPDATE`,
  )
  for (const row of rows) await writePartSecret(tx, key, row.id, row.secret)
  return rows.length
}
