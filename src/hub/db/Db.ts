/**
 * The hub's storage seam: the same SQL runs on embedded PGlite and on PostgreSQL. Everything above
 * this file speaks only `Queryable`, so a route never knows which database it is on.
 */

/** A value a parameter may carry ($1, $2, ...): JSON bodies are passed as strings and cast in SQL. */
export type SqlParam = string | number | boolean | null | Date

export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<R[]>
}

export type StorageKind = 'pglite' | 'postgres'

export interface Db extends Queryable {
  readonly kind: StorageKind
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (and the
   * error rethrown). Every mutation and its change row go through one of these.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}
