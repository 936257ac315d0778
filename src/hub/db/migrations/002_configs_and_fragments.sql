-- Configs with revisions, and fragments owned by an organization.
ALTER TABLE parts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE config_revisions (
  part_id TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  config JSONB NOT NULL,
  author TEXT NOT NULL,
  source TEXT NOT NULL,
  -- Revisions this one derives from: [] for the first, [n-1] usually, two for a merge.
  parents JSONB NOT NULL DEFAULT '[]',
  -- For a revert: the revision restored.
  reverted_from INTEGER,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (part_id, revision)
);

CREATE TABLE fragments (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  public BOOLEAN NOT NULL DEFAULT false,
  revision INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX fragments_org ON fragments(org_id);

CREATE TABLE fragment_revisions (
  fragment_id TEXT NOT NULL REFERENCES fragments(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  config JSONB NOT NULL,
  author TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (fragment_id, revision)
);
