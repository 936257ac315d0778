import type { Database, SqlValue, Statement } from 'sql.js'

export type Row = SqlValue[]

/** sql.js refuses to bind `undefined` ("Wrong API use"); bind it as NULL so constraints speak instead. */
const bindable = (params: readonly SqlValue[]): SqlValue[] => params.map((v) => (v === undefined ? null : v))

/**
 * A sql.js database with a cache of prepared statements (preparing costs more than running a
 * small statement) and helpers that always reset a statement, even when a step throws.
 */
export class SqlDb {
  private readonly statements = new Map<string, Statement>()

  constructor(readonly db: Database) {}

  exec(sql: string): void {
    this.db.exec(sql)
  }

  run(sql: string, params: SqlValue[] = []): void {
    const stmt = this.prepare(sql)
    try {
      stmt.bind(bindable(params))
      stmt.step()
    } finally {
      stmt.reset()
    }
  }

  rows(sql: string, params: SqlValue[] = []): Row[] {
    const stmt = this.prepare(sql)
    const out: Row[] = []
    try {
      stmt.bind(bindable(params))
      while (stmt.step()) out.push(stmt.get())
    } finally {
      stmt.reset()
    }
    return out
  }

  row(sql: string, params: SqlValue[] = []): Row | null {
    const stmt = this.prepare(sql)
    try {
      stmt.bind(bindable(params))
      return stmt.step() ? stmt.get() : null
    } finally {
      stmt.reset()
    }
  }

  value(sql: string, params: SqlValue[] = []): SqlValue {
    return this.row(sql, params)?.[0] ?? null
  }

  /** Runs `fn` in a transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (err) {
      this.rollbackQuietly()
      throw err
    }
  }

  rollbackQuietly(): void {
    try {
      this.db.exec('ROLLBACK')
    } catch {
      // No transaction was open (SQLite already rolled back after the error).
    }
  }

  userVersion(): number {
    return Number(this.value('PRAGMA user_version'))
  }

  export(): Uint8Array {
    return this.db.export()
  }

  close(): void {
    for (const stmt of this.statements.values()) stmt.free()
    this.statements.clear()
    this.db.close()
  }

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }
}
