import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { RevisionSource } from '../../shared/domain/model'
import type { Queryable } from '../db/Db'

export interface RevisionRow {
  part_id: string
  revision: number
  config: MachineConfig
  author: string
  source: RevisionSource
  parents: number[]
  reverted_from: number | null
  created_at: Date
}

export interface RevisionView {
  partId: string
  revision: number
  author: string
  source: RevisionSource
  parents: number[]
  revertedFrom: number | null
  createdAt: string
  config?: MachineConfig
}

export const revisionView = (r: RevisionRow, withConfig: boolean): RevisionView => ({
  partId: r.part_id,
  revision: r.revision,
  author: r.author,
  source: r.source,
  parents: r.parents,
  revertedFrom: r.reverted_from,
  createdAt: new Date(r.created_at).toISOString(),
  ...(withConfig ? { config: r.config } : {}),
})

const COLUMNS = `part_id, revision, config, author, source, parents, reverted_from, created_at`
const HEAD_COLUMNS = COLUMNS.split(', ')
  .map((c) => `r.${c}`)
  .join(', ')

/** The part's head revision number; `lock` holds the part row until commit (one writer at a time). */
export async function headRevision(db: Queryable, partId: string, lock = false): Promise<number> {
  const rows = await db.query<{ revision: number }>(
    `SELECT revision FROM parts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [partId],
  )
  return rows[0]?.revision ?? 0
}

/** The part's head revision row in one round trip, or null when the part has none (or no part). */
export async function headRevisionRow(db: Queryable, partId: string): Promise<RevisionRow | null> {
  const rows = await db.query<RevisionRow>(
    `SELECT ${HEAD_COLUMNS}
     FROM parts p JOIN config_revisions r ON r.part_id = p.id AND r.revision = p.revision WHERE p.id = $1`,
    [partId],
  )
  return rows[0] ?? null
}

export async function getRevision(
  db: Queryable,
  partId: string,
  revision: number,
): Promise<RevisionRow | null> {
  const rows = await db.query<RevisionRow>(
    `SELECT ${COLUMNS} FROM config_revisions WHERE part_id = $1 AND revision = $2`,
    [partId, revision],
  )
  return rows[0] ?? null
}

export async function listRevisions(
  db: Queryable,
  partId: string,
  limit: number,
  before?: number,
): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(
    `SELECT ${COLUMNS} FROM config_revisions WHERE part_id = $1 AND revision < $2 ORDER BY revision DESC LIMIT $3`,
    [partId, before ?? 2 ** 31 - 1, limit],
  )
}

/**
 * Appends the next revision of a part's config and moves the head to it. Call with the part row
 * locked (headRevision(tx, id, true)) so two writers cannot take the same number. `parents`
 * defaults to the current head; a merge names two.
 */
export async function appendRevision(
  tx: Queryable,
  input: {
    partId: string
    config: MachineConfig
    author: string
    source: RevisionSource
    parents?: number[]
    revertedFrom?: number
  },
): Promise<RevisionRow> {
  const head = await headRevision(tx, input.partId, true)
  const revision = head + 1
  const parents = input.parents ?? (head > 0 ? [head] : [])
  const rows = await tx.query<RevisionRow>(
    `INSERT INTO config_revisions (part_id, revision, config, author, source, parents, reverted_from)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
    [
      input.partId,
      revision,
      JSON.stringify(input.config),
      input.author,
      input.source,
      JSON.stringify(parents),
      input.revertedFrom ?? null,
    ],
  )
  await tx.query(`UPDATE parts SET revision = $2 WHERE id = $1`, [input.partId, revision])
  return rows[0] as RevisionRow
}
