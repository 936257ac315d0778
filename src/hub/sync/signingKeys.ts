import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose'
import { TOKEN_CLOCK_TOLERANCE_S } from '../../shared/robot/auth'
import type { Db, Queryable } from '../db/Db'
import { newId } from '../core/ids'

// The hub's part-token signing keys. One key signs (the newest not retired); a roll adds a new key
// and retires the old one, which stays in the served key set until the tokens it signed have
// expired (the longest token lifetime plus the agents' clock tolerance). Private keys leave this
// module only as CryptoKeys for signing; they are stored AES-256-GCM encrypted under a key derived
// from FLEETDESK_HUB_KEY_SECRET when the hub has one (several hub processes must share it), and
// otherwise stored as they are (a hub on one LAN PC) and never served either way.

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
  /** The secret private keys are encrypted under; undefined stores them unencrypted. */
  secret: string | undefined
}

export function keyOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): KeyOptions {
  const secret = env.FLEETDESK_HUB_KEY_SECRET
  return { secret: secret !== undefined && secret !== '' ? secret : undefined }
}

function aesKey(secret: string): Buffer {
  return createHash('sha256').update(`fleetdesk-hub-signing-key\n${secret}`).digest()
}

function seal(pem: string, options: KeyOptions): { text: string; encryption: 'aes-256-gcm' | 'none' } {
  if (options.secret === undefined) return { text: pem, encryption: 'none' }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', aesKey(options.secret), iv)
  const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()])
  return {
    text: [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.'),
    encryption: 'aes-256-gcm',
  }
}

function open(text: string, encryption: string, options: KeyOptions): string {
  if (encryption === 'none') return text
  if (options.secret === undefined)
    throw new Error(
      'the hub signing key is encrypted: set FLEETDESK_HUB_KEY_SECRET to the secret it was made with',
    )
  const [iv, tag, body] = text.split('.').map((part) => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !body) throw new Error('the stored hub signing key is damaged')
  const decipher = createDecipheriv('aes-256-gcm', aesKey(options.secret), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}

async function insertKey(tx: Queryable, options: KeyOptions): Promise<void> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const kid = newId('key')
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'EdDSA', use: 'sig' }
  const sealed = seal(await exportPKCS8(pair.privateKey), options)
  await tx.query(
    `INSERT INTO hub_signing_keys (kid, public_jwk, private_key, encryption) VALUES ($1, $2::jsonb, $3, $4)`,
    [kid, JSON.stringify(publicJwk), sealed.text, sealed.encryption],
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
    privateKey: await importPKCS8(open(row.private_key, row.encryption, options), 'EdDSA'),
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
