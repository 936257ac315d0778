-- Packages: an org's module, ML model or archive, with versions. Contents are kept in the database
-- as 1 MiB bytea chunks (see src/hub/packages/packageStore.ts for why not the data folder).
CREATE TABLE packages (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('module', 'ml_model', 'archive')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);

-- state 'uploading' while chunks arrive; 'ready' once size and digest are checked. Only ready
-- versions are listed or downloaded.
CREATE TABLE package_versions (
  package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  sha256 TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('uploading', 'ready')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (package_id, version)
);

CREATE TABLE package_chunks (
  package_id TEXT NOT NULL,
  version TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (package_id, version, seq),
  FOREIGN KEY (package_id, version) REFERENCES package_versions(package_id, version) ON DELETE CASCADE
);
