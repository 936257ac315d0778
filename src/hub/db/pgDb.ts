import pg from 'pg'
import type { Db, Queryable, SqlParam } from './Db'
import { preparable } from './pglitePrepared'

// BIGINT (change cursors, sizes) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value))

export interface PgOptions {
  connectionString: string
  /** Connections per hub process; several processes may share one PostgreSQL. */
  max?: number
}

// Statement names by text, for every connection of the pool: a named statement is parsed and
// planned once per connection (node-postgres prepares it on first use), not on every request.
const names = new Map<string, string>()
const MAX_NAMES = 500

function statementName(sql: string, paramCount: number): string | undefined {
  if (!preparable(sql, paramCount)) return undefined
  let name = names.get(sql)
  if (name === undefined && names.size < MAX_NAMES) {
    name = `hub_stmt_${names.size + 1}`
    names.set(sql, name)
  }
  return name
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
      const name = statementName(sql, params.length)
      const values = [...params]
      const result = await client.query(
        name === undefined ? { text: sql, values } : { name, text: sql, values },
      )
      return result.rows as R[]
    },
  }
}

export function openPgDb(options: PgOptions): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 })
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would end the process. The next query gets a fresh connection.
  pool.on('error', () => undefined)
  const plain = wrap(pool)
  return {
    kind: 'postgres',
    pool,
    query: plain.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const value = await fn(wrap(client))
        await client.query('COMMIT')
        return value
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql)
    },
    async close(): Promise<void> {
      await pool.end()
    },
  }
}
