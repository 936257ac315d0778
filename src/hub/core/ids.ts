import { randomBytes } from 'node:crypto'

/** Opaque ids: a readable prefix and 96 random bits, url-safe, so they never need escaping. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}

/** A secret of 256 random bits, url-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}
