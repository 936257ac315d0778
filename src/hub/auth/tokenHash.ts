import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * SHA-256 of a high-entropy token (session tokens, API key secrets: 256 random bits). Such a token
 * cannot be guessed, so a fast hash is enough to make a stolen table useless, and it keeps
 * per-request verification cheap (scrypt on every request would cost 50 ms of CPU each).
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
