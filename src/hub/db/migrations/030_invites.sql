-- Invites to an organization (administration area, 030–039). The hub has no mail server: it makes a
-- code the inviter hands over; only its SHA-256 is kept, and a resend replaces it (the old code dies).
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'operator')),
  resource_kind TEXT NOT NULL CHECK (resource_kind IN ('organization', 'location', 'machine')),
  resource_id TEXT NOT NULL,
  code_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  accepted_at TIMESTAMPTZ,
  accepted_by TEXT,
  revoked_at TIMESTAMPTZ
);
CREATE INDEX invites_org ON invites(org_id);
