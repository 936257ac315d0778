import type { Machine, Part } from '../../../shared/domain/model'
import { machineOfEdit, partOfEdit, type OutboxEntry } from '../OutboxEdit'
import type { Row, SqlDb } from './SqlDb'

// The outbox table (migration 004) and what a local edit does to the cached fleet at once, so the
// tree shows a renamed or moved machine before the hub has it. Both are applied from journal
// records, so each statement is safe to replay.

/** Columns read, in the order `toOutboxEntry` takes them. */
export const OUTBOX_READ = 'seq, edit, author, saved_at, rejection, conflict_id'

export function toOutboxEntry(row: Row): OutboxEntry {
  const edit = JSON.parse(row[1] as string) as OutboxEntry
  return {
    ...edit,
    seq: row[0] as number,
    author: row[2] as string,
    savedAt: row[3] as string,
    rejection: (row[4] as string | null) ?? null,
    ...(typeof row[5] === 'string' ? { conflictId: row[5] } : {}),
  }
}

export function writeOutboxEntry(db: SqlDb, entry: OutboxEntry): void {
  const { seq, author, savedAt, rejection, conflictId, ...edit } = entry
  db.run(
    `INSERT OR REPLACE INTO outbox (seq, kind, part_id, machine_id, edit, author, saved_at, rejection, conflict_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      seq,
      edit.kind,
      partOfEdit(edit),
      machineOfEdit(edit),
      JSON.stringify(edit),
      author,
      savedAt,
      rejection,
      conflictId ?? null,
    ],
  )
}

/** The cached fleet as the edit leaves it; the hub's rows replace these when the feed brings them. */
export function applyLocalEffect(db: SqlDb, entry: OutboxEntry): void {
  switch (entry.kind) {
    case 'config':
      // Shown from the outbox (the part's pending edit), not written into its history.
      return
    case 'machine.create': {
      const machine: Machine = {
        id: entry.machineId,
        locationId: entry.locationId,
        name: entry.name,
        status: 'offline',
        lastSeenAt: null,
        version: null,
      }
      db.run('INSERT OR IGNORE INTO machines (id, data) VALUES (?, ?)', [machine.id, JSON.stringify(machine)])
      return
    }
    case 'part.create': {
      const part: Part = {
        id: entry.partId,
        machineId: entry.machineId,
        name: entry.name,
        isMain: entry.main,
        revision: 0,
      }
      db.run('INSERT OR IGNORE INTO parts (id, machine_id, revision, data) VALUES (?, ?, 0, ?)', [
        part.id,
        part.machineId,
        JSON.stringify(part),
      ])
      return
    }
    case 'machine.rename':
      return setField(db, 'machines', entry.machineId, '$.name', entry.name)
    case 'part.rename':
      return setField(db, 'parts', entry.partId, '$.name', entry.name)
    case 'machine.move':
      return setField(db, 'machines', entry.machineId, '$.locationId', entry.locationId)
  }
}

function setField(db: SqlDb, table: 'machines' | 'parts', id: string, path: string, value: string): void {
  db.run(`UPDATE ${table} SET data = json_set(data, ?, ?) WHERE id = ?`, [path, value, id])
}
