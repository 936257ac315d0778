-- Part secrets sealed at rest (src/hub/core/sealSecret.ts). SQL has no key, so this only makes room:
-- the hub, at start after the migrations, seals every row still holding a plain `secret` into
-- `secret_sealed` and clears `secret`, in one transaction; new and rotated secrets are written
-- sealed only. Every part holds one of the two.
ALTER TABLE parts ADD COLUMN secret_sealed TEXT;
ALTER TABLE parts ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE parts ADD CONSTRAINT parts_secret_held CHECK (secret IS NOT NULL OR secret_sealed IS NOT NULL);
