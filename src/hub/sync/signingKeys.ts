import { createDecipheriv, createHash } from 'node:crypto'
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose'
import { TOKEN_CLOCK_TOLERANCE_S } from '../../shared/robot/auth'
import type { Db, Queryable } from '../db/Db'
import { newId } from '../core/ids'
import { isSealed, open, seal, type SealKey } from '../core/sealSecret'

// The hub's part-token signing keys. One key signs (the newest not retired); a roll adds a new key
// and retires the old one, which stays in the served key set until the tokens it signed have
// expired (the longest token lifetime plus the agents' clock tolerance). Private keys leave this
// module only as CryptoKeys for signing; they are sealed with the hub's seal key (core/sealSecret,
// from FLEETDESK_HUB_KEY_SECRET or the PGlite data folder's key file) and never served. Keys stored
// by older hubs (plain, or the earlier AES format) stay readable and are re-sealed at start.

/** Longest lifetime of a part token, in seconds: what a retired key must stay served for. */
export const MAX_TOKEN_TTL_S = 3600
/** A signing key older than this is rolled before the next token is signed. */
export const KEY_ROLL_AFTER_MS = 30 * 24 * 3600_000

const KEY_LOCK = 4_721_020

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
}

export interface KeyOptions {
  /** The hub's seal key: new private keys are sealed under it. */
  sealKey: SealKey
  /**
   * FLEETDESK_HUB_KEY_SECRET, for reading keys stored in the format before sealSecret.ts (an
   * AES-256-GCM `iv.tag.body` under a SHA-256 of the secret); undefined when unset.
   */
  legacySecret: string | undefined
}

function legacyAesKey(secret: string): Buffer {
  return createHash('sha256').update(`fleetdesk-hub-signing-key\n${secret}`).digest()
}

function openLegacy(text: string, secret: string | undefined): string {
  if (secret === undefined)
    throw new Error(
      'the hub signing key is encrypted: set FLEETDESK_HUB_KEY_SECRET to the secret it was made with',
    )
  const [iv, tag, body] = text.split('.').map((part) => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !body) throw new Error('the stored hub signing key is damaged')
  const decipher = createDecipheriv('aes-256-gcm', legacyAesKey(secret), iv)
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    throw new Error('the stored hub signing key does not open with this FLEETDESK_HUB_KEY_SECRET')
  }
}

/**
 * The PEM of a stored private key, whichever way it was stored: sealed (`v1:…`, encryption
 * 'aes-256-gcm'), the older AES format (also 'aes-256-gcm'), or plain ('none', hubs before sealing).
 */
export function openPrivateKey(text: string, encryption: string, options: KeyOptions): string {
  if (encryption === 'none') return text
  if (isSealed(text)) return open(options.sealKey, text)
  return openLegacy(text, options.legacySecret)
}

/** Re-seals every private key not yet in the sealed format (plain or the older AES format). */
export async function sealStoredSigningKeys(tx: Queryable, options: KeyOptions): Promise<number> {
  const rows = await tx.query<{ kid: string; private_key: string; encryption: string }>(
    `SELECT kid, private_key, encryption FROM hub_signing_keys
     WHERE encryption = 'none' OR private_key NOT LIKE 'v1:%' FOR UPDATE`,
  )
  for (const row of rows) {
    const sealed = seal(options.sealKey, openPrivateKey(row.private_key, row.encryption, options))
    await tx.query(
      `UPDATE hub_signing_keys SET private_key = $2, encryption = 'aes-256-gcm' WHERE kid = $1`,
      [row.kid, sealed],
    )
  }
  return rows.length
}

async function insertKey(tx: Queryable, options: KeyOptions): Promise<void> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const kid = newId('key')
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'EdDSA', use: 'sig' }
  const sealed = seal(options.sealKey, await exportPKCS8(pair.privateKey))
  await tx.query(
    `INSERT INTO hub_signing_keys (kid, public_jwk, private_key, encryption) VALUES ($1, $2::jsonb, $3, 'aes-256-gcm')`,
    [kid, JSON.stringify(publicJwk), sealed],
  )
}

/** Adds a new signing key and retires the current one (it stays served until its tokens expire). */
export async function rollSigningKey(db: Db, options: KeyOptions): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`)
    await tx.query(`UPDATE hub_signing_keys SET retired_at = now() WHERE retired_at IS NULL`)
    await insertKey(tx, options)
  })
}

interface KeyRow {
  kid: string
  private_key: string
  encryption: string
  created_at: Date
}

/** The key that signs now, made (or rolled when too old) on first need, once across hub processes. */
export async function currentSigningKey(db: Db, options: KeyOptions, now = Date.now()): Promise<SigningKey> {
  const pick = (q: Queryable): Promise<KeyRow[]> =>
    q.query<KeyRow>(
      `SELECT kid, private_key, encryption, created_at FROM hub_signing_keys
       WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1`,
    )
  const fresh = (rows: KeyRow[]): KeyRow | undefined => {
    const row = rows[0]
    return row && now - new Date(row.created_at).getTime() < KEY_ROLL_AFTER_MS ? row : undefined
  }
  let row = fresh(await pick(db))
  if (!row) {
    row = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${KEY_LOCK})`)
      const again = fresh(await pick(tx))
      if (again) return again
      await tx.query(`UPDATE hub_signing_keys SET retired_at = now() WHERE retired_at IS NULL`)
      await insertKey(tx, options)
      return (await pick(tx))[0] as KeyRow
    })
  }
  return {
    kid: row.kid,
    privateKey: await importPKCS8(openPrivateKey(row.private_key, row.encryption, options), 'EdDSA'),
  }
}

/** The public keys an agent must trust now: the signing key and retired keys whose tokens may live. */
export async function publicKeySet(db: Queryable): Promise<{ keys: JWK[] }> {
  const graceS = MAX_TOKEN_TTL_S + TOKEN_CLOCK_TOLERANCE_S
  const rows = await db.query<{ public_jwk: JWK }>(
    `SELECT public_jwk FROM hub_signing_keys
     WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
     ORDER BY created_at DESC, kid`,
    [graceS],
  )
  return { keys: rows.map((r) => r.public_jwk) }
}
