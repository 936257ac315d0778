import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import type { JWK } from 'jose'

// The hub's key set as the agent last fetched it, in the data folder, so that the agent verifies
// tokens after a restart with no hub in reach. Written to a temporary file, fsynced, then renamed
// (a power cut leaves the old file or the new one, never half of one). The hub URL is kept with
// it: keys fetched from another hub are not trusted for this one.

export interface CachedHubKeys {
  hubUrl: string
  /** When the set was fetched, ms since the epoch. */
  fetchedAt: number
  jwks: { keys: JWK[] }
}

export type ReadResult =
  { kind: 'missing' } | { kind: 'ok'; cached: CachedHubKeys } | { kind: 'damaged'; why: string }

/** Checks the shape of a JWKS (from the hub or the file): a non-empty list of JWK objects. */
export function jwksOf(value: unknown): { keys: JWK[] } | string {
  if (typeof value !== 'object' || value === null) return 'not a JSON object'
  const keys = (value as { keys?: unknown }).keys
  if (!Array.isArray(keys) || keys.length === 0) return 'no "keys" list, or an empty one'
  if (keys.length > 100) return `${keys.length} keys (at most 100)`
  for (const [i, key] of keys.entries()) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return `keys[${i}] is not an object`
    const kid = (key as { kid?: unknown }).kid
    if (typeof kid !== 'string' || kid === '') return `keys[${i}] has no kid`
  }
  return { keys: keys as JWK[] }
}

export function readHubKeyFile(path: string): ReadResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return { kind: 'missing' }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'damaged', why: 'not JSON' }
  }
  if (typeof value !== 'object' || value === null) return { kind: 'damaged', why: 'not a JSON object' }
  const { hubUrl, fetchedAt, jwks } = value as Record<string, unknown>
  if (typeof hubUrl !== 'string') return { kind: 'damaged', why: 'no hubUrl' }
  if (typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt))
    return { kind: 'damaged', why: 'no fetchedAt' }
  const checked = jwksOf(jwks)
  if (typeof checked === 'string') return { kind: 'damaged', why: checked }
  return { kind: 'ok', cached: { hubUrl, fetchedAt, jwks: checked } }
}

export function writeHubKeyFile(path: string, cached: CachedHubKeys): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  try {
    writeSync(fd, JSON.stringify(cached, null, 2) + '\n')
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw err
  }
  closeSync(fd)
  renameSync(tmp, path)
}
