import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { LOG_MIGRATIONS } from '../../../src/main/cache/logMigrations'
import { MIGRATIONS } from '../../../src/main/cache/migrations'
import type { Migration } from '../../../src/main/cache/migrations/Migration'
import {
  latestVersion,
  NewerSchemaError,
  runMigrations,
} from '../../../src/main/cache/migrations/runMigrations'
import { config, fragmentId, makeStore, partId, smallFleet, tempDataDir } from './cacheTestKit'

let SQL: SqlJsStatic
beforeAll(async () => {
  SQL = await initSqlJs()
})

function databaseAt(migrations: readonly Migration[], version: number): Database {
  const db = new SQL.Database()
  runMigrations(db, migrations.slice(0, version))
  return db
}

function fileVersion(path: string): number {
  const db = new SQL.Database(readFileSync(path))
  try {
    return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0])
  } finally {
    db.close()
  }
}

/**
 * Data written the way each schema version stores it, and what the current store must read back.
 * Adding a migration means adding the seed for the version before it (the test below insists).
 */
interface Seed {
  put(db: Database): void
  check(store: ReturnType<typeof makeStore>): Promise<void>
}
const MAIN_SEEDS: Record<number, Seed> = {
  // Version 0 is a SQLite file without any schema: nothing to keep but the file itself.
  0: { put: () => undefined, check: async (store) => expect(await store.isEmpty()).toBe(true) },
  // Version 1 kept fragments as JSON only; 002 gives them columns and the head revision's config.
  1: {
    put: (db) => {
      const fragment = (id: string, name: string, revision: number): string =>
        JSON.stringify({ id, orgId: 'org-a', name, public: false, revision, addedByHub: 'kept' })
      db.run('INSERT INTO fragments (id, data) VALUES (?, ?), (?, ?)', [
        'frag-kit',
        fragment('frag-kit', 'camera kit', 2),
        'frag-bare',
        fragment('frag-bare', 'no history cached', 4),
      ])
      for (const r of [1, 2]) {
        db.run(
          'INSERT INTO fragment_revisions (fragment_id, revision, created_at, config) VALUES (?, ?, ?, ?)',
          [
            'frag-kit',
            r,
            `2026-01-0${r}T00:00:00.000Z`,
            JSON.stringify({
              components: [
                { name: 'cam', api: 'rdk:component:camera', model: 'fake', attributes: { fps: r } },
              ],
            }),
          ],
        )
      }
    },
    check: async (store) => {
      // Every field as stored, the hub's unknown one included, in the order they were listed.
      expect(await store.getFragments()).toEqual([
        {
          id: 'frag-kit',
          orgId: 'org-a',
          name: 'camera kit',
          public: false,
          revision: 2,
          addedByHub: 'kept',
        },
        {
          id: 'frag-bare',
          orgId: 'org-a',
          name: 'no history cached',
          public: false,
          revision: 4,
          addedByHub: 'kept',
        },
      ])
      const cam = (fps: number): unknown => ({
        components: [{ name: 'cam', api: 'rdk:component:camera', model: 'fake', attributes: { fps } }],
      })
      const wanted = [
        { id: fragmentId('frag-kit'), revision: null },
        { id: fragmentId('frag-kit'), revision: 1 },
        { id: fragmentId('frag-bare'), revision: null },
      ]
      expect(await store.getFragmentConfigs(wanted)).toEqual([
        { id: 'frag-kit', orgId: 'org-a', name: 'camera kit', revision: 2, config: cam(2) },
        { id: 'frag-kit', orgId: 'org-a', name: 'camera kit', revision: 1, config: cam(1) },
      ])
    },
  },
  // Version 2 had no sync: 003 gives outbox entries a conflict id and adds the conflicts table.
  2: {
    put: (db) => {
      db.run(
        'INSERT INTO outbox (seq, part_id, base_revision, config, author, saved_at, rejection) VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)',
        [
          ...[1, 'p-1', 3, JSON.stringify({ components: [] }), 'ada', '2026-01-01T00:00:00.000Z', null],
          ...[2, 'p-2', 1, JSON.stringify({}), 'bo', '2026-01-02T00:00:00.000Z', 'refused'],
        ],
      )
    },
    check: async (store) => {
      // Both kept as they were, neither in a conflict (no conflictId at all).
      expect(await store.listOutbox()).toEqual([
        {
          seq: 1,
          kind: 'config',
          partId: 'p-1',
          baseRevision: 3,
          config: { components: [] },
          author: 'ada',
          savedAt: '2026-01-01T00:00:00.000Z',
          rejection: null,
        },
        {
          seq: 2,
          kind: 'config',
          partId: 'p-2',
          baseRevision: 1,
          config: {},
          author: 'bo',
          savedAt: '2026-01-02T00:00:00.000Z',
          rejection: 'refused',
        },
      ])
      expect(await store.listSyncConflicts()).toEqual([])
      const state = await store.syncState()
      expect(state.cursor).toBeNull()
      expect(state.clientId).toMatch(/^dsk_[0-9a-f]{32}$/)
      await store.markOutboxConflict(1, 'cfl_1')
      expect((await store.listOutbox())[0]).toMatchObject({ seq: 1, conflictId: 'cfl_1' })
    },
  },
  // Version 3 held config edits only: 004 gives each entry its kind and keeps seq, base and marks.
  3: {
    put: (db) => {
      db.run('INSERT INTO parts (id, machine_id, revision, data) VALUES (?, ?, ?, ?)', [
        'p-1',
        'm-1',
        3,
        JSON.stringify({ id: 'p-1', machineId: 'm-1', name: 'main', isMain: true }),
      ])
      db.run(
        'INSERT INTO outbox (seq, part_id, base_revision, config, author, saved_at, rejection, conflict_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          ...[
            4,
            'p-1',
            3,
            JSON.stringify({ components: [{ name: 'm' }] }),
            'ada',
            '2026-01-01T00:00:00.000Z',
            null,
            'cfl_9',
          ],
          ...[7, 'p-1', 3, JSON.stringify({}), 'bo', '2026-01-02T00:00:00.000Z', 'refused', null],
        ],
      )
    },
    check: async (store) => {
      expect(await store.listOutbox()).toEqual([
        {
          seq: 4,
          kind: 'config',
          partId: 'p-1',
          baseRevision: 3,
          config: { components: [{ name: 'm' }] },
          author: 'ada',
          savedAt: '2026-01-01T00:00:00.000Z',
          rejection: null,
          conflictId: 'cfl_9',
        },
        {
          seq: 7,
          kind: 'config',
          partId: 'p-1',
          baseRevision: 3,
          config: {},
          author: 'bo',
          savedAt: '2026-01-02T00:00:00.000Z',
          rejection: 'refused',
        },
      ])
      expect((await store.getPartConfig(partId('p-1'))).pending).toMatchObject({ seq: 7 })
      expect(await store.pendingCountsByMachine()).toEqual(new Map([['m-1', 2]]))
      // The next seq follows the migrated ones, and a new kind goes in beside them.
      const rename = await store.saveOutboxEdit({
        kind: 'part.rename',
        partId: partId('p-1'),
        name: 'arm',
        previousName: 'main',
        author: 'ada',
      })
      expect(rename.seq).toBe(8)
      expect((await store.getFleetIndex()).parts[0]?.name).toBe('arm')
    },
  },
}
const LOG_SEEDS: Record<number, Seed> = {
  0: {
    put: () => undefined,
    check: async (store) => expect(await store.queryLogs({ partId: partId('p'), limit: 10 })).toEqual([]),
  },
}

describe('schema migrations', () => {
  it('have a seed for every earlier version', () => {
    expect(Object.keys(MAIN_SEEDS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version - 1))
    expect(Object.keys(LOG_SEEDS).map(Number)).toEqual(LOG_MIGRATIONS.map((m) => m.version - 1))
  })

  for (const [label, file, migrations, seeds] of [
    ['cache', 'cache.sqlite', MIGRATIONS, MAIN_SEEDS],
    ['log database', 'logs.sqlite', LOG_MIGRATIONS, LOG_SEEDS],
  ] as const) {
    for (let version = 0; version < latestVersion(migrations); version++) {
      it(`open a ${label} at version ${version} and migrate it to ${latestVersion(migrations)}, keeping its data`, async () => {
        const dataDir = tempDataDir()
        const db = databaseAt(migrations, version)
        seeds[version]?.put(db)
        writeFileSync(join(dataDir, file), db.export())
        db.close()
        const store = makeStore({ dataDir })
        const report = await store.open()
        expect(report.notices).toEqual([])
        await seeds[version]?.check(store)
        await store.close()
        expect(fileVersion(join(dataDir, file))).toBe(latestVersion(migrations))
      })
    }
  }

  it('migrate step by step from every version, and name a failing step', () => {
    const steps: Migration[] = [
      { version: 1, name: 'create', up: (db) => db.exec('CREATE TABLE t (a INTEGER)') },
      { version: 2, name: 'add', up: (db) => db.exec("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'") },
      { version: 3, name: 'fill', up: (db) => db.exec("UPDATE t SET b = 'y' WHERE a > 1") },
    ]
    for (let from = 1; from <= 3; from++) {
      const db = databaseAt(steps, from)
      db.exec('INSERT INTO t (a) VALUES (1), (2)')
      expect(runMigrations(db, steps)).toBe(from)
      expect(db.exec('SELECT a, b FROM t ORDER BY a')[0]?.values).toEqual(
        from < 3
          ? [
              [1, 'x'],
              [2, 'y'],
            ]
          : [
              [1, 'x'],
              [2, 'x'],
            ],
      )
      expect(db.exec('PRAGMA user_version')[0]?.values[0]?.[0]).toBe(3)
    }
    const db = databaseAt(steps, 1)
    const broken = [
      ...steps.slice(0, 2),
      { version: 3, name: 'broken', up: (d: Database) => d.exec('UPDATE nope SET x = 1') },
    ]
    expect(() => runMigrations(db, broken)).toThrow(/Migration 003_broken failed: no such table: nope/)
    // Steps before the failing one stay applied; the failing one left nothing behind.
    expect(db.exec('PRAGMA user_version')[0]?.values[0]?.[0]).toBe(2)
    expect(() => runMigrations(databaseAt(steps, 3), steps.slice(0, 2))).toThrow(NewerSchemaError)
    expect(() => runMigrations(new SQL.Database(), [steps[1] as Migration])).toThrow(/numbered 2, expected 1/)
  })
})

describe('unusable cache files', () => {
  async function fillAndClose(dataDir: string): Promise<void> {
    const store = makeStore({ dataDir })
    await store.open()
    await store.importFleet(smallFleet())
    await store.appendLogs([
      {
        partId: partId('m-1-p1'),
        time: '2026-01-01T00:00:00.000Z',
        level: 'info',
        logger: 'l',
        message: 'm',
        fields: {},
      },
    ])
    await store.close()
  }

  const corruptions: Array<[string, (bytes: Buffer) => Buffer]> = [
    ['not a database', () => Buffer.from('hello, I am a text file\n'.repeat(100))],
    ['truncated', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2) + 100)],
    ['empty', () => Buffer.alloc(0)],
    [
      'garbled header',
      (bytes) =>
        Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 0xff), bytes.subarray(100)]),
    ],
  ]

  for (const file of ['cache.sqlite', 'logs.sqlite']) {
    for (const [what, corrupt] of corruptions) {
      it(`moves a ${what} ${file} aside, keeps its bytes, and starts empty with a notice`, async () => {
        const dataDir = tempDataDir()
        await fillAndClose(dataDir)
        const bad = corrupt(readFileSync(join(dataDir, file)))
        writeFileSync(join(dataDir, file), bad)

        const store = makeStore({ dataDir })
        const report = await store.open()
        expect(report.notices).toHaveLength(1)
        const notice = report.notices[0]
        expect(notice).toMatchObject({ kind: 'moved-aside', file: join(dataDir, file) })
        expect(notice?.movedTo).toMatch(
          new RegExp(`/${file.replace('.', '\\.')}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z$`),
        )
        expect(notice?.message).toMatch(
          /could not be opened .* It was kept as .*corrupt.* and Fleetdesk started with an empty/,
        )
        expect(readFileSync(notice?.movedTo as string).equals(bad)).toBe(true)
        if (file === 'cache.sqlite') {
          expect(await store.isEmpty()).toBe(true)
          expect(await store.queryLogs({ partId: partId('m-1-p1'), limit: 5 })).toHaveLength(1)
        } else {
          expect(await store.isEmpty()).toBe(false)
          expect(await store.queryLogs({ partId: partId('m-1-p1'), limit: 5 })).toEqual([])
        }
        // The empty replacement works and is saved normally.
        await store.saveLocalEdit({ partId: partId('p'), baseRevision: 0, config: config(1), author: 'a' })
        await store.close()
        const again = makeStore({ dataDir })
        expect((await again.open()).notices).toEqual([])
        expect(await again.listOutbox()).toHaveLength(1)
      })
    }
  }

  it('moves a cache from a newer version aside with its journal, and says so', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, snapshotDelayMs: 3_600_000, snapshotMaxDelayMs: 3_600_000 })
    await store.open()
    await store.importFleet(smallFleet())
    await store.saveLocalEdit({ partId: partId('m-1-p1'), baseRevision: 3, config: config(1), author: 'a' })
    await store.crash()
    const newer = latestVersion(MIGRATIONS) + 1
    const db = new SQL.Database(readFileSync(join(dataDir, 'cache.sqlite')))
    db.exec(`PRAGMA user_version = ${newer}`)
    const bytes = Buffer.from(db.export())
    db.close()
    writeFileSync(join(dataDir, 'cache.sqlite'), bytes)

    const reopened = makeStore({ dataDir })
    const report = await reopened.open()
    expect(report.notices).toHaveLength(1)
    const notice = report.notices[0]
    expect(notice?.kind).toBe('newer-version')
    expect(notice?.movedTo).toMatch(new RegExp(`cache\\.sqlite\\.newer-v${newer}-`))
    expect(notice?.message).toMatch(
      new RegExp(
        `newer version of Fleetdesk \\(schema ${newer}; this version knows up to ${newer - 1}\\).*journal file`,
      ),
    )
    expect(readFileSync(notice?.movedTo as string).equals(bytes)).toBe(true)
    expect(await reopened.isEmpty()).toBe(true)
    expect(await reopened.listOutbox()).toEqual([])
    expect(
      readdirSync(dataDir).filter((f) => f.startsWith('journal-') && f.includes('.newer-')),
    ).toHaveLength(1)
    expect(report.replayed).toBe(0)
  })

  it('moves a log database from a newer version aside and keeps the cache', async () => {
    const dataDir = tempDataDir()
    await fillAndClose(dataDir)
    const db = new SQL.Database(readFileSync(join(dataDir, 'logs.sqlite')))
    db.exec(`PRAGMA user_version = ${latestVersion(LOG_MIGRATIONS) + 5}`)
    writeFileSync(join(dataDir, 'logs.sqlite'), db.export())
    db.close()
    const store = makeStore({ dataDir })
    const report = await store.open()
    expect(report.notices.map((n) => n.kind)).toEqual(['newer-version'])
    expect(report.notices[0]?.message).toMatch(/log database/)
    expect(existsSync(report.notices[0]?.movedTo as string)).toBe(true)
    expect(await store.isEmpty()).toBe(false)
  })
})
