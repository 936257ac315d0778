import type { Database } from 'sql.js'

/**
 * One numbered schema step. `PRAGMA user_version` holds the number of the last one applied; the
 * runner applies the missing ones in order, each in its own transaction with the version bump.
 */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}
