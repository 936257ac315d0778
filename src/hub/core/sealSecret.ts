import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto'

// Secrets the hub must read back (part secrets, signing private keys) are sealed at rest with
// AES-256-GCM. A sealed value is one line of text, `v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url
// parts), so it fits a TEXT column and says which key sealed it: a hub started with another key
// is told "wrong key" rather than "damaged", and a changed byte fails the GCM tag ("tampered").

/** A 256-bit AES key and its id (a fingerprint: it names the key, it does not reveal it). */
export interface SealKey {
  readonly kid: string
  readonly key: Buffer
}

export type SealFailure = 'malformed' | 'wrong-key' | 'tampered'

export class SealError extends Error {
  constructor(
    readonly reason: SealFailure,
    message: string,
  ) {
    super(message)
    this.name = 'SealError'
  }
}

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
// Fixed, so every hub process derives the same key from the same secret (they share one database).
const SCRYPT_SALT = 'fleetdesk-hub-seal-key/v1'

/** The seal key for 32 random bytes (tests, or a key already derived). */
export function sealKeyFromBytes(key: Buffer): SealKey {
  if (key.length !== 32) throw new Error(`A seal key is 32 bytes, not ${key.length}.`)
  const kid = createHash('sha256').update('fleetdesk-seal-kid\n').update(key).digest().subarray(0, 9)
  return { kid: kid.toString('base64url'), key: Buffer.from(key) }
}

/**
 * The seal key for a secret text (FLEETDESK_HUB_KEY_SECRET or the key file's contents). scrypt
 * rather than a plain hash: an operator may choose a passphrase, and a stolen database dump must
 * not be cheap to try passphrases against.
 */
export function deriveSealKey(secret: string): SealKey {
  if (secret.length === 0) throw new Error('The hub key secret is empty.')
  return sealKeyFromBytes(scryptSync(secret, SCRYPT_SALT, 32, { N: 1 << 14, r: 8, p: 1 }))
}

/** Seals `plaintext` under `key` with a fresh random IV. */
export function seal(key: SealKey, plaintext: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'))
  return [VERSION, key.kid, ...parts].join(':')
}

/** Whether `text` is in the sealed format (not whether it opens). */
export function isSealed(text: string): boolean {
  return text.startsWith(`${VERSION}:`)
}

/** The id of the key a sealed value was sealed with, or null when it is not a sealed value. */
export function sealedKid(text: string): string | null {
  const fields = text.split(':')
  return fields.length === 5 && fields[0] === VERSION ? (fields[1] as string) : null
}

/** Opens a sealed value; a SealError says whether it is malformed, under another key, or tampered. */
export function open(key: SealKey, sealed: string): string {
  const fields = sealed.split(':')
  if (fields.length !== 5 || fields[0] !== VERSION)
    throw new SealError('malformed', `Not a sealed value (expected ${VERSION}:<kid>:<iv>:<tag>:<data>).`)
  const [, kid, ivText, tagText, bodyText] = fields as [string, string, string, string, string]
  if (kid !== key.kid)
    throw new SealError(
      'wrong-key',
      `Sealed with key ${kid}, but this hub's key is ${key.kid}: the hub key secret is not the one the data was sealed with.`,
    )
  const iv = Buffer.from(ivText, 'base64url')
  const tag = Buffer.from(tagText, 'base64url')
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SealError('malformed', 'A sealed value with a damaged IV or tag.')
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv)
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    throw new SealError('tampered', 'A sealed value failed its integrity check: it was changed or damaged.')
  }
}
