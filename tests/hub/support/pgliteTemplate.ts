import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadMigrations, migrate } from '../../../src/hub/db/migrate'
import { openPgliteDb } from '../../../src/hub/db/pgliteDb'

// A new PGlite pays initdb (about 3 s); loading a dumped data folder takes about 0.4 s. So the
// first test file to need one migrates an in-memory PGlite, dumps it, and leaves the tarball in the
// temp folder under a name that hashes the migrations; every later file (every process) loads it.

const migrationsKey = (): string => {
  const hash = createHash('sha256')
  for (const m of loadMigrations()) hash.update(`${m.version}\n${m.sql}\n`)
  return hash.digest('hex').slice(0, 16)
}

const cached = new Map<string, Promise<Blob>>()

/**
 * A PGlite data folder as a tarball, to pass as `loadDataDir`: migrated to the latest level, or
 * (`migrated` false) straight after initdb, for the tests that migrate it themselves.
 */
export function pgliteTemplate(migrated = true): Promise<Blob> {
  const key = migrated ? migrationsKey() : 'initdb'
  const known = cached.get(key)
  if (known) return known
  const made = (async () => {
    const file = join(tmpdir(), `fleetdesk-hub-template-${key}.tar`)
    if (existsSync(file)) return new Blob([readFileSync(file)])
    const db = await openPgliteDb()
    try {
      if (migrated) await migrate(db)
      const dump = await db.pglite.dumpDataDir('none')
      const bytes = Buffer.from(await dump.arrayBuffer())
      // Written aside and renamed, so a parallel file never reads half a tarball.
      const part = `${file}.${process.pid}.part`
      writeFileSync(part, bytes)
      renameSync(part, file)
      return new Blob([bytes])
    } finally {
      await db.close()
    }
  })()
  cached.set(key, made)
  return made
}
