import type { Migration } from '../migrations/Migration'

/**
 * The log database: one table, capped by deleting the lowest ids (the oldest arrivals). The index
 * serves "newest entries of a part, before a time".
 */
export const logMigration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE logs (
        id INTEGER PRIMARY KEY,
        part_id TEXT NOT NULL,
        time TEXT NOT NULL,
        level TEXT NOT NULL,
        logger TEXT NOT NULL,
        message TEXT NOT NULL,
        fields TEXT NOT NULL
      );
      CREATE INDEX logs_part_time ON logs (part_id, time);
    `)
  },
}
