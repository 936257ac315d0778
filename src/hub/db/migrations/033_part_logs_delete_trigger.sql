-- Log ingestion without a foreign key check per row. The foreign key from part_logs to parts ran
-- a referential-integrity trigger for every log row inserted (a lookup and a lock on the part),
-- which on PGlite cost about as much as the insert itself. The hub's insert now locks the part row
-- once per batch (logSql.ts, FOR KEY SHARE, the lock the foreign key took per row) and inserts
-- nothing when the part is gone; what the foreign key's ON DELETE CASCADE did, a statement trigger
-- on parts does: it deletes the logs of every part a statement deleted, also when that statement is
-- the cascade of a machine or organization delete.
ALTER TABLE part_logs DROP CONSTRAINT part_logs_part_id_fkey;

-- (One line: migrate.ts splits statements at a semicolon that ends a line.)
CREATE FUNCTION part_logs_follow_parts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM part_logs l USING gone_parts g WHERE l.part_id = g.id; RETURN NULL; END $$;

CREATE TRIGGER parts_delete_logs AFTER DELETE ON parts
  REFERENCING OLD TABLE AS gone_parts
  FOR EACH STATEMENT EXECUTE FUNCTION part_logs_follow_parts();
