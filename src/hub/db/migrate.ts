import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Db } from './Db'

export interface Migration {
  version: number
  name: string
  sql: string
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/

/**
 * The numbered SQL files, in order. Ranges are per area (001–019 the core, 020–029 sync, 030–039
 * administration) so three engineers can add files without renumbering; a gap is fine, a duplicate
 * number is refused.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = []
  for (const file of readdirSync(dir).sort()) {
    const match = FILE.exec(file)
    if (!match) continue
    const version = Number(match[1])
    if (out.some((m) => m.version === version))
      throw new Error(`Two migrations numbered ${match[1]} in ${dir}`)
    out.push({ version, name: match[2] as string, sql: readFileSync(`${dir}/${file}`, 'utf8') })
  }
  return out
}

// Any constant, shared by every hub process: starting several at once migrates once.
const MIGRATION_LOCK = 4_721_001

/** The highest migration applied, 0 for an empty database. */
export async function migrationLevel(db: Db): Promise<number> {
  const rows = await db.query<{ level: number | null }>(`SELECT max(version) AS level FROM schema_migrations`)
  return rows[0]?.level ?? 0
}

/**
 * Applies the migrations above the database's level, each in its own transaction with its row in
 * schema_migrations, under an advisory lock so concurrent hub processes do not race. `upTo` stops
 * early (tests of migrating from every earlier version). Returns the level reached.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = loadMigrations(),
  upTo = Infinity,
): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`)
  for (const migration of migrations) {
    if (migration.version > upTo) break
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`)
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [migration.version])
      if (done.length > 0) return
      // Statements one by one: a prepared query runs a single statement on both databases.
      for (const statement of splitStatements(migration.sql)) await tx.query(statement)
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ])
    })
  }
  return migrationLevel(db)
}

/**
 * Splits a migration into statements at semicolons that end a line. Our migrations hold no
 * functions or strings with `;\n` inside; a file that needs one can use `-- split` markers later.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)
}
