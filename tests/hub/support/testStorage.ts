import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import type { Db, StorageKind } from '../../../src/hub/db/Db'
import { migrate } from '../../../src/hub/db/migrate'
import { openPgDb } from '../../../src/hub/db/pgDb'
import { openPgliteDb } from '../../../src/hub/db/pgliteDb'
import { pgliteTemplate } from './pgliteTemplate'

/** The storages every hub suite runs on; PostgreSQL only where the global setup started one. */
export const STORAGES: readonly StorageKind[] = ['pglite', 'postgres']

export function postgresUrl(): string | null {
  return inject('hubPostgresUrl')
}

/** Why the PostgreSQL variants are skipped, or '' when they run. */
export function postgresSkipReason(): string {
  return postgresUrl() === null ? inject('hubPostgresSkipReason') || 'no PostgreSQL' : ''
}

/** A fresh empty database of its own (PGlite from a template, or a new PostgreSQL database); migrated unless told not. */
export async function freshDb(kind: StorageKind, options: { migrated?: boolean } = {}): Promise<Db> {
  const migrated = options.migrated ?? true
  if (kind === 'pglite') {
    return openPgliteDb({ loadDataDir: await pgliteTemplate(migrated) })
  }
  const url = postgresUrl()
  if (url === null) throw new Error(`PostgreSQL is not available: ${postgresSkipReason()}`)
  const name = `hubtest_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = openPgDb({ connectionString: u.toString(), max: 5 })
  if (migrated) await migrate(db)
  return db
}
