import type { Migration } from './Migration'

/**
 * The outbox holds every kind of local edit (src/main/cache/OutboxEdit.ts), not only configs. The
 * edit itself is one JSON column (`edit`, with its `kind`); `kind`, `part_id` and `machine_id` are
 * columns for the queries (a part's pending config, pending counts per machine). A config edit
 * names only its part (its machine comes from the parts table), so `machine_id` is NULL for it.
 *
 * The table is rebuilt (SQLite cannot drop NOT NULL columns); existing rows, all config edits,
 * keep their seq, which is their push sequence number.
 */
export const migration004: Migration = {
  version: 4,
  name: 'outbox_kinds',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_v4 (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN
          ('config', 'machine.create', 'part.create', 'machine.rename', 'part.rename', 'machine.move')),
        part_id TEXT,
        machine_id TEXT,
        edit TEXT NOT NULL CHECK (json_extract(edit, '$.kind') = kind),
        author TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        rejection TEXT,
        conflict_id TEXT,
        CHECK ((part_id IS NOT NULL) = (kind IN ('config', 'part.create', 'part.rename'))),
        CHECK ((machine_id IS NOT NULL) = (kind NOT IN ('config', 'part.rename')))
      );
      INSERT INTO outbox_v4 (seq, kind, part_id, machine_id, edit, author, saved_at, rejection, conflict_id)
        SELECT seq, 'config', part_id, NULL,
          json_object('kind', 'config', 'partId', part_id, 'baseRevision', base_revision, 'config', json(config)),
          author, saved_at, rejection, conflict_id
        FROM outbox ORDER BY seq;
      DROP TABLE outbox;
      ALTER TABLE outbox_v4 RENAME TO outbox;
      CREATE INDEX outbox_part ON outbox (part_id, seq);
      CREATE INDEX outbox_machine ON outbox (machine_id);
    `)
  },
}
