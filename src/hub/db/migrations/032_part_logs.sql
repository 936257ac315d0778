-- Log entries of parts, ingested in batches. One index, which serves the queries (a part, newest
-- first), keyset paging on (time, id), the per-part retention deletes and the cascade on part delete.
CREATE TABLE part_logs (
  id BIGSERIAL PRIMARY KEY,
  part_id TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
  time TIMESTAMPTZ NOT NULL,
  level TEXT NOT NULL,
  logger TEXT NOT NULL,
  message TEXT NOT NULL,
  fields JSONB NOT NULL,
  -- message + logger + fields in bytes, for the usage page.
  bytes INTEGER NOT NULL
);
CREATE INDEX part_logs_part_time ON part_logs(part_id, time DESC, id DESC);

-- An org's bound on its logs; an org without a row uses the default (planRetention.ts).
CREATE TABLE org_log_retention (
  org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  max_age_days INTEGER NOT NULL,
  max_rows_per_part INTEGER NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
