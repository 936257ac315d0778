import { PGlite } from '@electric-sql/pglite'
import type { Db, Queryable, SqlParam } from './Db'

export interface PgliteOptions {
  /** A folder for the database files; absent for an in-memory database (tests, tools). */
  dataDir?: string
  /** A dumped data folder (`dumpDataDir()`) to start from instead of running initdb (about 3 s). */
  loadDataDir?: Blob
}

function wrap(q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
      const result = await q.query(sql, [...params])
      return result.rows as R[]
    },
  }
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
  const plain = wrap(pglite)
  return {
    kind: 'pglite',
    pglite,
    query: plain.query,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      pglite.transaction((tx) => fn(wrap(tx))),
    async exec(sql: string): Promise<void> {
      await pglite.exec(sql)
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close()
    },
  }
}
