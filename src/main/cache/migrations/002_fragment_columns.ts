import type { Migration } from './Migration'

/**
 * Fragments become queryable: their organization, name, head revision and that revision's config
 * get columns, so the effective config of a machine (its own config plus its fragments') takes one
 * indexed read per fragment, and a fragment whose history was not cached still has its config.
 * `config` is NULL when the cache holds no copy of the head revision. `data` keeps the whole
 * entity as the hub sent it, as in every table (fields added later survive a round trip).
 *
 * SQLite cannot add NOT NULL columns to a table with rows, so the table is rebuilt, rowids kept
 * (they are the hub's listing order).
 */
export const migration002: Migration = {
  version: 2,
  name: 'fragment_columns',
  up(db) {
    db.exec(`
      CREATE TABLE fragments_v2 (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        name TEXT NOT NULL,
        revision INTEGER NOT NULL,
        config TEXT,
        data TEXT NOT NULL
      );
      INSERT INTO fragments_v2 (rowid, id, org_id, name, revision, config, data)
        SELECT f.rowid, f.id,
          coalesce(json_extract(f.data, '$.orgId'), ''),
          coalesce(json_extract(f.data, '$.name'), f.id),
          coalesce(json_extract(f.data, '$.revision'), 0),
          (SELECT r.config FROM fragment_revisions r
            WHERE r.fragment_id = f.id AND r.revision = json_extract(f.data, '$.revision')),
          f.data
        FROM fragments f ORDER BY f.rowid;
      DROP TABLE fragments;
      ALTER TABLE fragments_v2 RENAME TO fragments;
      CREATE INDEX fragments_org ON fragments (org_id);
    `)
  },
}
