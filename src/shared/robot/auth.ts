import {
  base64url,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  importSPKI,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose'
import { CoreError } from '../errors/CoreError'
import type { Role } from '../domain/model'
import { NONCE_BYTES } from './protocol'
import { errorMessage } from '../errors/errorMessage'

// Session authentication, usable on both ends and in the renderer: WebCrypto (globalThis.crypto)
// and jose only, no Node modules.
//
// Secret challenge (owner, at the bench): the agent hands out a nonce; the client picks its own
// nonce and answers proof = HMAC-SHA256(secret, nonce || clientNonce || partId), nonces as their raw
// 32 bytes, partId as UTF-8. The agent answers agentProof = HMAC-SHA256(secret, clientNonce ||
// nonce || partId), so the client knows it reached the robot that holds the secret, not an
// impostor. The reversed order (and refusing equal nonces) keeps one proof from being replayed as
// the other.
//
// Part tokens (owner or operator, signed by the hub): a JWT, EdDSA over Ed25519, header typ
// "fleetdesk-part+jwt" and the signing key's id (kid), claims part_id, role, sub (who), iat, exp.
// The agent verifies it offline with the hub's public keys it has cached: one key (PEM or JWK), or
// the hub's JWKS, from which the token's kid picks the key. The hub rolls its signing key by adding
// a new key to the set; old keys stay in it until the tokens they signed have expired.

export const PART_TOKEN_TYPE = 'fleetdesk-part+jwt'
/** Robots run offline for weeks; their clocks drift. Tokens are short-lived, so this stays small. */
export const TOKEN_CLOCK_TOLERANCE_S = 30

const encoder = new TextEncoder()

export function randomNonce(): string {
  return base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES)))
}

function nonceBytes(nonce: string, what: string): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = base64url.decode(nonce)
  } catch {
    throw new CoreError('invalid-argument', `${what} is not base64url`)
  }
  if (bytes.length !== NONCE_BYTES)
    throw new CoreError('invalid-argument', `${what} must be ${NONCE_BYTES} bytes`)
  return bytes
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
}

function proofMessage(first: string, second: string, partId: string): Uint8Array<ArrayBuffer> {
  return concat(nonceBytes(first, 'nonce'), nonceBytes(second, 'client nonce'), encoder.encode(partId))
}

/** The client's answer to the agent's challenge. */
export async function challengeProof(
  secret: string,
  nonce: string,
  clientNonce: string,
  partId: string,
): Promise<string> {
  const key = await hmacKey(secret)
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, proofMessage(nonce, clientNonce, partId))
  return base64url.encode(new Uint8Array(mac))
}

/** The agent's answer, proving to the client that it holds the same secret. */
export async function agentChallengeProof(
  secret: string,
  nonce: string,
  clientNonce: string,
  partId: string,
): Promise<string> {
  return challengeProof(secret, clientNonce, nonce, partId)
}

/** Constant-time check of a proof (WebCrypto's verify), false for anything malformed. */
export async function verifyProof(expectedInput: {
  secret: string
  first: string
  second: string
  partId: string
  proof: string
}): Promise<boolean> {
  const { secret, first, second, partId, proof } = expectedInput
  if (first === second) return false
  let mac: Uint8Array<ArrayBuffer>
  try {
    mac = new Uint8Array(base64url.decode(proof))
  } catch {
    return false
  }
  const key = await hmacKey(secret)
  return globalThis.crypto.subtle.verify('HMAC', key, mac, proofMessage(first, second, partId))
}

export interface PartTokenClaims {
  partId: string
  role: Role
  /** Who the token was issued to (user or API key id), for the agent's log. */
  subject: string
  expiresAt: Date
}

/** Signs a part token (the hub does this; tests too, with a test key). */
export async function signPartToken(
  privateKey: CryptoKey,
  claims: {
    partId: string
    role: Role
    subject: string
    ttlSeconds?: number
    now?: number
    /** The signing key's id, so that an agent holding several hub keys picks the right one. */
    kid?: string
  },
): Promise<string> {
  const nowS = Math.floor((claims.now ?? Date.now()) / 1000)
  const header = {
    alg: 'EdDSA',
    typ: PART_TOKEN_TYPE,
    ...(claims.kid !== undefined ? { kid: claims.kid } : {}),
  }
  return new SignJWT({ part_id: claims.partId, role: claims.role })
    .setProtectedHeader(header)
    .setSubject(claims.subject)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (claims.ttlSeconds ?? 600))
    .sign(privateKey)
}

/** The hub's public key from its SPKI PEM or its JWK, as cached in the agent config. */
export async function importHubPublicKey(key: string | JWK): Promise<CryptoKey> {
  if (typeof key === 'string') return importSPKI(key.trim(), 'EdDSA')
  const imported = await importJWK(key, 'EdDSA')
  if (imported instanceof Uint8Array)
    throw new CoreError('invalid-argument', 'the hub key must be an Ed25519 public key')
  return imported
}

/** The hub's public keys by key id (a JWKS as the hub serves it), as the agent caches them. */
export interface HubKeySet {
  keys: ReadonlyArray<{ kid: string | undefined; key: CryptoKey }>
}

/** One hub key (as configured before key ids) or the hub's key set. */
export type HubKeys = CryptoKey | HubKeySet

function isKeySet(keys: HubKeys): keys is HubKeySet {
  return 'keys' in keys && Array.isArray((keys as HubKeySet).keys)
}

/**
 * The hub's public keys from what an agent config holds: one key (SPKI PEM or JWK) or a JWKS
 * `{keys: [JWK with kid, ...]}`. Every key must be an Ed25519 public key.
 */
export async function importHubKeys(value: string | JWK | { keys: readonly JWK[] }): Promise<HubKeys> {
  if (typeof value === 'string' || !('keys' in value)) return importHubPublicKey(value as string | JWK)
  if (!Array.isArray(value.keys) || value.keys.length === 0)
    throw new CoreError('invalid-argument', 'the hub key set has no keys')
  const keys = await Promise.all(
    value.keys.map(async (jwk: JWK) => ({ kid: jwk.kid, key: await importHubPublicKey(jwk) })),
  )
  return { keys }
}

/** The key a token's kid names; a token without kid is accepted only when there is one key. */
function pickKey(token: string, keys: HubKeys): CryptoKey {
  if (!isKeySet(keys)) return keys
  let kid: string | undefined
  try {
    kid = decodeProtectedHeader(token).kid
  } catch (err) {
    throw new CoreError('unauthenticated', `the token is malformed: ${errorMessage(err)}`)
  }
  const only = keys.keys.length === 1 ? keys.keys[0] : undefined
  const found = kid === undefined ? only : keys.keys.find((k) => k.kid === kid)
  if (found) return found.key
  throw new CoreError(
    'unauthenticated',
    kid === undefined
      ? 'the token names no signing key (kid) and this agent knows several hub keys'
      : `the token is signed with hub key "${kid}", which this agent does not have: refresh its hub keys`,
  )
}

/**
 * Verifies a part token for this part. Every failure is `unauthenticated` with a message that says
 * what to do about it (an expired token needs a new one; a token for another part was sent to the
 * wrong robot).
 */
export async function verifyPartToken(
  token: string,
  hubKeys: HubKeys,
  expected: { partId: string; now?: number },
): Promise<PartTokenClaims> {
  const now = expected.now ?? Date.now()
  const publicKey = pickKey(token, hubKeys)
  let payload: Record<string, unknown>
  try {
    const result = await jwtVerify(token, publicKey, {
      algorithms: ['EdDSA'],
      typ: PART_TOKEN_TYPE,
      requiredClaims: ['exp', 'sub'],
      currentDate: new Date(now),
      clockTolerance: TOKEN_CLOCK_TOLERANCE_S,
    })
    payload = result.payload
  } catch (err) {
    throw new CoreError('unauthenticated', tokenFailure(err, now))
  }
  const { part_id: partId, role, sub, exp } = payload
  if (partId !== expected.partId) {
    throw new CoreError(
      'unauthenticated',
      `the token is for part "${String(partId)}", but this agent is part "${expected.partId}"`,
    )
  }
  if (role !== 'owner' && role !== 'operator') {
    throw new CoreError('unauthenticated', `the token's role "${String(role)}" is neither owner nor operator`)
  }
  return { partId, role, subject: String(sub), expiresAt: new Date(Number(exp) * 1000) }
}

function tokenFailure(err: unknown, now: number): string {
  if (err instanceof joseErrors.JWTExpired) {
    const exp = err.payload.exp
    const when = typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : ''
    return `the token expired${when} (agent time ${new Date(now).toISOString()}); get a new one from the hub`
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'the token is not signed by this fleet’s hub (signature does not verify with the cached hub key)'
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `the token is not a part token: ${err.message}`
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with EdDSA'
  return `the token is malformed: ${errorMessage(err)}`
}
