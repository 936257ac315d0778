-- Identity and the fleet tree. Ids are opaque text made by the hub (see src/hub/ids.ts).
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  -- scrypt$N$r$p$salt$hash: the parameters travel with each hash so they can be raised later.
  password_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  -- SHA-256 of the opaque token; the token itself is only ever in the client's hands.
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES locations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX locations_org ON locations(org_id);
CREATE INDEX locations_parent ON locations(parent_id);

CREATE TABLE location_shares (
  location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, org_id)
);

-- The seed's "Viam support team permissions": whether the hub's support staff may reach a location.
CREATE TABLE support_access (
  location_id TEXT PRIMARY KEY REFERENCES locations(id) ON DELETE CASCADE,
  granted_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE machines (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  restart_requested_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX machines_location ON machines(location_id);

CREATE TABLE parts (
  id TEXT PRIMARY KEY,
  machine_id TEXT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  is_main BOOLEAN NOT NULL DEFAULT false,
  -- Kept readable: owners are shown it (the CONNECT tab) and the bench challenge-response needs it.
  secret TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX parts_machine ON parts(machine_id);
-- One main part per machine.
CREATE UNIQUE INDEX parts_one_main ON parts(machine_id) WHERE is_main;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  -- SHA-256 of a 256-bit random secret (see src/hub/auth/apiKeys.ts for why not scrypt).
  secret_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_org ON api_keys(org_id);

-- A role on a resource for a user or an API key. org_id is the organization the resource lives in,
-- so location and machine grants count for organization-wide questions (can.ts, IdentityGrant).
CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'api-key')),
  subject_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'operator')),
  resource_kind TEXT NOT NULL CHECK (resource_kind IN ('organization', 'location', 'machine')),
  resource_id TEXT NOT NULL,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX grants_subject ON grants(subject_kind, subject_id);
CREATE INDEX grants_resource ON grants(resource_kind, resource_id);

-- The change feed: one row per mutation, written in the mutation's transaction. id is the cursor.
CREATE TABLE changes (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL DEFAULT now(),
  kind TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  org_id TEXT,
  -- Root-first location ids the resource sits in (for a location: ending with itself).
  location_path JSONB NOT NULL DEFAULT '[]',
  machine_id TEXT,
  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
  body JSONB NOT NULL DEFAULT '{}',
  actor TEXT NOT NULL DEFAULT ''
);
CREATE INDEX changes_org ON changes(org_id, id);
