import type { Db } from './Db'
import { openPgDb } from './pgDb'
import { openPgliteDb } from './pgliteDb'

/** PostgreSQL when a connection string is given (DATABASE_URL), otherwise PGlite in `dataDir`. */
export async function openDb(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (options.databaseUrl) return openPgDb({ connectionString: options.databaseUrl })
  return openPgliteDb(options.dataDir !== undefined ? { dataDir: options.dataDir } : {})
}
