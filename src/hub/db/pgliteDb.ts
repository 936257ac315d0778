import { PGlite } from '@electric-sql/pglite'
import type { Db, Queryable } from './Db'
import { PreparedStatements, preparedQueryable } from './pglitePrepared'

export interface PgliteOptions {
  /** A folder for the database files; absent for an in-memory database (tests, tools). */
  dataDir?: string
  /** A dumped data folder (`dumpDataDir()`) to start from instead of running initdb (about 3 s). */
  loadDataDir?: Blob
}

/**
 * PGlite holds one connection: its `query` waits while a transaction runs, so transactions are
 * serialized by PGlite itself and a query never lands inside another request's transaction.
 */
export async function openPgliteDb(options: PgliteOptions = {}): Promise<Db & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
  })
  // Prepared statements take their values as quoted literals (see sqlLiteral), which are safe only
  // while backslashes are plain characters: set it for this one session rather than trust a default.
  await pglite.exec('SET standard_conforming_strings = on')
  const statements = new PreparedStatements()
  const plain = preparedQueryable(pglite, statements)
  return {
    kind: 'pglite',
    pglite,
    query: plain.query,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      pglite.transaction((tx) => fn(preparedQueryable(tx, statements))),
    async exec(sql: string): Promise<void> {
      await pglite.exec(sql)
      // A script changes the schema (migrations): plans prepared before it may not fit.
      await statements.reset(pglite)
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close()
    },
  }
}
