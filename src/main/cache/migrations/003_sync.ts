import type { Migration } from './Migration'

/**
 * Sync with a hub. An outbox entry the hub answered with a conflict keeps the conflict's id
 * (`conflict_id`): the edit stays in the outbox, is not pushed again, and leaves it when an owner
 * resolves the conflict on the hub. `sync_conflicts` holds the conflicts the feed reported, so the
 * status counts them offline. The feed cursor and the push client id live in `meta`, written in
 * the same transaction as the rows they describe.
 */
export const migration003: Migration = {
  version: 3,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN conflict_id TEXT;
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        part_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        data TEXT NOT NULL
      );
      CREATE INDEX sync_conflicts_part ON sync_conflicts (part_id);
    `)
  },
}
