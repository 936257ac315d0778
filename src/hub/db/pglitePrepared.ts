import type { Queryable, SqlParam } from './Db'

/** What PGlite and its transactions offer: `query` (extended protocol) and `exec` (simple). */
export interface PgliteSession {
  query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>
  exec: (sql: string) => Promise<{ rows: unknown[] }[]>
}

/**
 * PGlite's `query` sends parse, describe, bind and execute for an unnamed statement every time, so
 * each call plans its statement afresh: a millisecond or more in WASM, most of an authenticated
 * read's cost. This cache PREPAREs each statement once per database (PGlite is one session) and
 * runs it with EXECUTE, its plan kept. One cache per PGlite instance, shared by its transactions.
 */
export class PreparedStatements {
  private readonly names = new Map<string, Promise<string>>()
  /** Texts seen once: a statement is prepared the second time it runs, so one-offs cost nothing. */
  private readonly seen = new Set<string>()
  private next = 0

  /** Forgets every statement (after a schema change, whose old plans might not fit any more). */
  async reset(session: PgliteSession): Promise<void> {
    this.names.clear()
    this.seen.clear()
    await session.exec('DEALLOCATE ALL')
  }

  /** The statement's prepared name, or null for one that is not kept (see `preparable`). */
  nameFor(session: PgliteSession, sql: string, paramCount: number): Promise<string> | null {
    if (!preparable(sql, paramCount)) return null
    const known = this.names.get(sql)
    if (known) return known
    if (!this.seen.has(sql)) {
      if (this.seen.size < MAX_STATEMENTS) this.seen.add(sql)
      return null
    }
    if (this.names.size >= MAX_STATEMENTS) return null
    const name = `hub_stmt_${++this.next}`
    const prepared = session.exec(`PREPARE ${name} AS ${sql}`).then(() => name)
    this.names.set(sql, prepared)
    // A statement that does not prepare (bad SQL, a table not there yet) is tried again next time.
    prepared.catch(() => this.names.delete(sql))
    return prepared
  }
}

// Values longer than this go bound, unprepared (see preparedQueryable).
const MAX_LITERAL_CHARS = 4096
// Past this many texts, new ones run unprepared (a bound on what the cache holds).
const MAX_STATEMENTS = 500
// Batched inserts (log lines, bench seeds) have many values and a text per batch size: planning is
// a small part of their cost, and keeping each size's plan would only fill the cache.
const MAX_PREPARED_PARAMS = 32

/**
 * Only plannable statements can be PREPAREd (a script or a utility command runs as it is), and only
 * ones with a few parameters are worth it.
 */
export function preparable(sql: string, paramCount: number): boolean {
  return (
    paramCount <= MAX_PREPARED_PARAMS &&
    /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(sql) &&
    !sql.includes(';')
  )
}

/**
 * A parameter as an SQL literal for EXECUTE: every value becomes a quoted string (its quotes
 * doubled; standard_conforming_strings keeps backslashes plain), which PostgreSQL casts to the
 * type the statement's parameter was given at PREPARE, as the extended protocol would.
 */
export function sqlLiteral(value: SqlParam): string {
  if (value === null) return 'NULL'
  const text = value instanceof Date ? value.toISOString() : String(value)
  return `'${text.replace(/'/g, "''")}'`
}

/** A Queryable over a PGlite session that runs each statement prepared. */
export function preparedQueryable(session: PgliteSession, cache: PreparedStatements): Queryable {
  return {
    async query<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
      // A large value (a log batch as one JSON text) would be parsed again as a literal: sent bound.
      const large = params.some((p) => typeof p === 'string' && p.length > MAX_LITERAL_CHARS)
      const name = large ? null : cache.nameFor(session, sql, params.length)
      if (name === null) {
        const rows = (await session.query(sql, [...params])).rows as R[]
        // Migrations change the schema statement by statement: drop the plans made before.
        if (/^\s*(CREATE|ALTER|DROP)\b/i.test(sql)) await cache.reset(session)
        return rows
      }
      const args = params.length === 0 ? '' : `(${params.map(sqlLiteral).join(', ')})`
      const results = await session.exec(`EXECUTE ${await name}${args}`)
      return (results[results.length - 1]?.rows ?? []) as R[]
    },
  }
}
