import type { Migration } from './Migration'

/**
 * The first schema of the main cache. Entities are stored as JSON (`data`) so that fields the hub
 * adds later survive a round trip, with the columns that queries need alongside. Rowid tables keep
 * the import order, which is the order the hub listed things in.
 *
 * History is compact: per part, the newest revision holds its full config and each older one only a
 * patch that turns the next newer config into it (see configPatch.ts).
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE orgs (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE locations (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE machines (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE parts (
        id TEXT PRIMARY KEY,
        machine_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX parts_machine ON parts (machine_id);

      CREATE TABLE revisions (
        part_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        source TEXT NOT NULL,
        config TEXT,
        patch TEXT,
        PRIMARY KEY (part_id, revision),
        CHECK ((config IS NULL) <> (patch IS NULL))
      ) WITHOUT ROWID;

      CREATE TABLE users (id TEXT PRIMARY KEY, email_key TEXT NOT NULL, data TEXT NOT NULL);
      CREATE INDEX users_email ON users (email_key);
      CREATE TABLE grants (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE api_keys (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE fragments (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE fragment_revisions (
        fragment_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        config TEXT NOT NULL,
        PRIMARY KEY (fragment_id, revision)
      ) WITHOUT ROWID;
      CREATE TABLE packages (id TEXT PRIMARY KEY, data TEXT NOT NULL);

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        part_id TEXT NOT NULL,
        base_revision INTEGER NOT NULL,
        config TEXT NOT NULL,
        author TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        rejection TEXT
      );
      CREATE INDEX outbox_part ON outbox (part_id, seq);
    `)
  },
}
