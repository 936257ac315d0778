import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Database, SqlJsStatic } from 'sql.js'
import type { Migration } from '../migrations/Migration'
import { latestVersion, runMigrations } from '../migrations/runMigrations'
import type { CacheNotice } from '../types'
import { moveAside } from './moveAside'
import { SqlDb } from './SqlDb'
import { errorMessage } from '../../../shared/errors/errorMessage'

export interface LoadSpec {
  dir: string
  file: string
  /** Human name for notices: "cache", "log database". */
  label: string
  migrations: readonly Migration[]
  /** Page size of a newly created file. */
  pageSize: number
}

export interface LoadedDatabase {
  db: SqlDb
  notices: CacheNotice[]
  /** How the database came to be: loaded as is, migrated, created empty, or created after moving an unusable file aside. */
  origin: 'loaded' | 'migrated' | 'created' | 'replaced-corrupt' | 'replaced-newer'
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * Loads a database file into sql.js and migrates it. A file that fails to load, fails its check or
 * fails to migrate, and a file written by a newer Fleetdesk, is renamed aside (never deleted) with a
 * notice, and an empty database takes its place.
 */
export async function loadDatabase(SQL: SqlJsStatic, spec: LoadSpec): Promise<LoadedDatabase> {
  const path = join(spec.dir, spec.file)
  let bytes: Buffer | null = null
  try {
    bytes = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (!bytes) return { db: createEmpty(SQL, spec), notices: [], origin: 'created' }

  let db: Database | null = null
  let failure: string
  try {
    checkHeader(bytes)
    db = new SQL.Database(bytes)
    bytes = null
    const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0)
    const known = latestVersion(spec.migrations)
    if (version > known) {
      db.close()
      db = null
      const movedTo = await moveAside(path, `newer-v${version}`)
      const notice: CacheNotice = {
        kind: 'newer-version',
        file: path,
        movedTo,
        message:
          `The ${spec.label} file ${spec.file} was written by a newer version of Fleetdesk (schema ${version}; this version ` +
          `knows up to ${known}). It was kept as ${basename(movedTo)} and Fleetdesk started with an empty ${spec.label}; ` +
          'update Fleetdesk to use it again.',
      }
      return { db: createEmpty(SQL, spec), notices: [notice], origin: 'replaced-newer' }
    }
    checkIntegrity(db)
    const from = runMigrations(db, spec.migrations)
    return { db: new SqlDb(db), notices: [], origin: from < known ? 'migrated' : 'loaded' }
  } catch (err) {
    failure = errorMessage(err)
  }
  try {
    db?.close()
  } catch {
    // Closing a database that failed to open can fail too; it is discarded either way.
  }
  const movedTo = await moveAside(path, 'corrupt')
  const notice: CacheNotice = {
    kind: 'moved-aside',
    file: path,
    movedTo,
    message:
      `The ${spec.label} file ${spec.file} could not be opened (${failure}). It was kept as ${basename(movedTo)} and ` +
      `Fleetdesk started with an empty ${spec.label}.`,
  }
  return { db: createEmpty(SQL, spec), notices: [notice], origin: 'replaced-corrupt' }
}

function createEmpty(SQL: SqlJsStatic, spec: LoadSpec): SqlDb {
  const db = new SQL.Database()
  // Only takes effect before the first table exists.
  db.exec(`PRAGMA page_size = ${spec.pageSize}`)
  runMigrations(db, spec.migrations)
  return new SqlDb(db)
}

/** Cheap structural checks that catch truncated and foreign files before SQLite reads them. */
function checkHeader(bytes: Buffer): void {
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(HEADER)) throw new Error('not a SQLite database')
  const rawPageSize = bytes.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new Error(`invalid page size ${rawPageSize}`)
  if (bytes.length % pageSize !== 0)
    throw new Error(
      `the file is cut short (${bytes.length} bytes is not a whole number of ${pageSize}-byte pages)`,
    )
  // The page count in the header is valid when its "version-valid-for" matches the change counter.
  if (bytes.readUInt32BE(92) === bytes.readUInt32BE(24)) {
    const pages = bytes.readUInt32BE(28)
    if (pages * pageSize !== bytes.length)
      throw new Error(`the file holds ${bytes.length / pageSize} pages, its header says ${pages}`)
  }
}

/**
 * Parses the schema. A full `PRAGMA quick_check` would also walk every b-tree page, but it took
 * 0.2-0.6 s on a 50 MB cache, more than the whole open budget; snapshots are written atomically
 * and the header checks above catch truncation, so damage deeper in the file is left to surface
 * as a query error.
 */
function checkIntegrity(db: Database): void {
  db.exec('SELECT count(*) FROM sqlite_master')
}
