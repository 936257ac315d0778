-- Sync (020–029): part-token signing keys, agent status, push idempotence, conflicts, feed nudges.

-- Ed25519 keys the hub signs part tokens with. The newest key that is not retired signs; retired
-- keys stay in the served key set (GET /v1/keys) until every token they signed has expired. The
-- private key is never served; it is stored encrypted (AES-256-GCM) when the hub has a key secret.
CREATE TABLE hub_signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk JSONB NOT NULL,
  private_key TEXT NOT NULL,
  -- 'aes-256-gcm' or 'none' (no FLEETDESK_HUB_KEY_SECRET given).
  encryption TEXT NOT NULL CHECK (encryption IN ('aes-256-gcm', 'none')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  retired_at TIMESTAMPTZ
);

-- What each part's agent last reported (POST /v1/agent/status); not in the change feed (it changes
-- every few seconds), read with GET /v1/parts/:partId/status.
CREATE TABLE agent_status (
  part_id TEXT PRIMARY KEY REFERENCES parts(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  uptime_s DOUBLE PRECISION NOT NULL,
  config_revision INTEGER NOT NULL,
  resources JSONB NOT NULL DEFAULT '[]',
  reported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Push idempotence: the last sequence number applied per client (a desktop cache), and the outcome
-- of every edit, written in the edit's own transaction, so a retried push returns the same outcome
-- and changes nothing. A client id belongs to the subject that first pushed with it.
CREATE TABLE push_clients (
  client_id TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE push_outcomes (
  client_id TEXT NOT NULL REFERENCES push_clients(client_id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  outcome JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, seq)
);

-- An edit that overlapped a change made meanwhile: base, head and edit kept whole, with the
-- conflicting paths, until an owner resolves it (a new revision).
CREATE TABLE config_conflicts (
  id TEXT PRIMARY KEY,
  part_id TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
  base_revision INTEGER NOT NULL,
  head_revision INTEGER NOT NULL,
  base JSONB NOT NULL,
  head JSONB NOT NULL,
  edit JSONB NOT NULL,
  merged JSONB NOT NULL,
  conflicts JSONB NOT NULL,
  author TEXT NOT NULL,
  client_id TEXT,
  seq BIGINT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_revision INTEGER,
  resolved_by TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  resolved_at TIMESTAMPTZ
);
CREATE INDEX config_conflicts_part ON config_conflicts(part_id, status);

-- Nudges: every statement that adds change rows notifies once at commit (PostgreSQL folds equal
-- notifications of one transaction), on PGlite and PostgreSQL alike, whichever code wrote them; hub
-- processes LISTEN and wake their SSE clients and long-polling agents. One line per statement: the
-- migration runner splits at semicolons that end a line.
CREATE FUNCTION fleetdesk_nudge_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('fleetdesk_changes', ''); RETURN NULL; END $$;
CREATE TRIGGER changes_nudge AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION fleetdesk_nudge_changes();
