import type { Queryable } from '../db/Db'
import { newSecret } from '../core/ids'
import { tokenHash } from './tokenHash'

/** Sessions last 30 days unless revoked (sign-out); the desktop signs in again after that. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000

export interface NewSession {
  token: string
  expiresAt: string
}

export async function createSession(
  tx: Queryable,
  userId: string,
  ttlMs: number = SESSION_TTL_MS,
): Promise<NewSession> {
  const token = `fds_${newSecret()}`
  const expiresAt = new Date(Date.now() + ttlMs).toISOString()
  await tx.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
    tokenHash(token),
    userId,
    expiresAt,
  ])
  return { token, expiresAt }
}

export async function revokeSession(tx: Queryable, token: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id`,
    [tokenHash(token)],
  )
  return rows.length > 0
}
