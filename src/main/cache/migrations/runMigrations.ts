import type { Database } from 'sql.js'
import type { Migration } from './Migration'
import { errorMessage } from '../../../shared/errors/errorMessage'

export class NewerSchemaError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The file has schema version ${fileVersion}; this version of Fleetdesk knows up to ${knownVersion}.`,
    )
    this.name = 'NewerSchemaError'
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0
}

/** Brings `db` from its `PRAGMA user_version` to the last migration; returns the version it had. */
export function runMigrations(db: Database, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}.`)
  })
  const from = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0)
  const latest = latestVersion(migrations)
  if (from > latest) throw new NewerSchemaError(from, latest)
  for (const migration of migrations) {
    if (migration.version <= from) continue
    db.exec('BEGIN')
    try {
      migration.up(db)
      db.exec(`PRAGMA user_version = ${migration.version}`)
      db.exec('COMMIT')
    } catch (err) {
      try {
        db.exec('ROLLBACK')
      } catch {
        // Already rolled back.
      }
      const reason = errorMessage(err)
      throw new Error(
        `Migration ${String(migration.version).padStart(3, '0')}_${migration.name} failed: ${reason}`,
        { cause: err },
      )
    }
  }
  return from
}
