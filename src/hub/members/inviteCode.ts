import { createHash, randomBytes } from 'node:crypto'

/**
 * Invite codes: 24 random bytes, base64url. They are bearer secrets with 192 bits of entropy, so a
 * plain SHA-256 is enough to store them (a slow hash protects guessable passwords, not these); the
 * database never holds a usable code, and a resend replaces the hash, so the old code stops working.
 */
export function newInviteCode(): string {
  return randomBytes(24).toString('base64url')
}

export function hashInviteCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex')
}
