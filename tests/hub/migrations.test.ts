import { afterEach, expect, it } from 'vitest'
import type { Db } from '../../src/hub/db/Db'
import { loadMigrations, migrate, migrationLevel, splitStatements } from '../../src/hub/db/migrate'
import { describeStorages } from './support/testHub'
import { freshDb } from './support/testStorage'

// Every earlier version migrates to the latest: for each prefix of the list, an empty database is
// migrated to it, given a little data, then migrated the rest of the way; the result has the same
// tables and columns as a database migrated in one go, and the data is still there.

async function shape(db: Db): Promise<string[]> {
  const rows = await db.query<{ c: string }>(
    `SELECT table_name || '.' || column_name || ':' || data_type AS c FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  )
  return rows.map((r) => r.c)
}

const migrations = loadMigrations()
const versions = migrations.map((m) => m.version)

it('numbers the migration files uniquely and in the areas’ ranges', () => {
  expect(new Set(versions).size).toBe(versions.length)
  expect(versions).toEqual([...versions].sort((a, b) => a - b))
  expect(splitStatements('CREATE TABLE a (x INT);\n-- note\nCREATE TABLE b (y INT);\n')).toEqual([
    'CREATE TABLE a (x INT)',
    'CREATE TABLE b (y INT)',
  ])
})

describeStorages('migrations', (storage) => {
  const open: Db[] = []
  const fresh = async (): Promise<Db> => {
    const db = await freshDb(storage, { migrated: false })
    open.push(db)
    return db
  }
  const freshDbOpen = async (): Promise<Db> => {
    const db = await freshDb(storage)
    open.push(db)
    return db
  }
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close()
  })

  it('migrates an empty database to the latest level, and a second run changes nothing', async () => {
    const db = await fresh()
    expect(await migrate(db)).toBe(versions[versions.length - 1])
    const once = await shape(db)
    expect(await migrate(db)).toBe(versions[versions.length - 1])
    expect(await shape(db)).toEqual(once)
  })

  // Every level on PostgreSQL (a fresh database there is a CREATE DATABASE away). PGlite runs the
  // same SQL, ten seconds a level in its WebAssembly engine, so there it takes the two ends: from
  // nothing, and from the level before the newest, which is the step a user's hub takes next.
  const earlier = [0, ...versions.slice(0, -1)]
  const levels = storage === 'postgres' ? earlier : [0, earlier[earlier.length - 1] ?? 0]
  // The shape of a database migrated in one go (for PGlite, the template), read once.
  let oneGo: Promise<string[]> | undefined
  it.each(levels)('migrates from level %i to the latest, keeping the data', async (from) => {
    oneGo ??= freshDbOpen().then(shape)
    const expected = await oneGo

    const db = await fresh()
    if (from > 0) {
      expect(await migrate(db, migrations, from)).toBe(from)
      // The first migration holds organizations: data written at any level must survive the rest.
      await db.query(`INSERT INTO organizations (id, name) VALUES ('org_keep', 'Kept')`)
    } else {
      await db.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      )
      expect(await migrationLevel(db)).toBe(0)
    }
    expect(await migrate(db)).toBe(versions[versions.length - 1])
    expect(await shape(db)).toEqual(expected)
    if (from > 0)
      expect(await db.query(`SELECT name FROM organizations WHERE id = 'org_keep'`)).toEqual([
        { name: 'Kept' },
      ])
  })

  it('rolls a failing migration back whole and keeps the level', async () => {
    const db = await fresh()
    await migrate(db)
    const level = await migrationLevel(db)
    const broken = [
      ...migrations,
      {
        version: 999,
        name: 'broken',
        sql: 'CREATE TABLE half_done (x INT);\nSELECT no_such_column FROM organizations;\n',
      },
    ]
    await expect(migrate(db, broken)).rejects.toThrow()
    expect(await migrationLevel(db)).toBe(level)
    const table = await db.query<{ t: string | null }>(`SELECT to_regclass('half_done')::text AS t`)
    expect(table[0]?.t).toBeNull()
  })
})
