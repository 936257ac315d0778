import type { Queryable } from '../db/Db'
import { newId } from '../core/ids'
import { HubError } from '../core/HubError'
import { hashPassword } from './password'

export interface UserRow {
  id: string
  email: string
  name: string
  password_hash: string
}

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT id, email, name, password_hash FROM users WHERE email = $1`, [
    normalizeEmail(email),
  ])
  return rows[0] ?? null
}

export async function userCount(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`)
  return rows[0]?.n ?? 0
}

/** Inserts a user; a taken email is a 409. `passwordHash` lets callers hash outside a transaction. */
export async function insertUser(
  tx: Queryable,
  input: { email: string; name: string; passwordHash: string },
): Promise<UserRow> {
  const email = normalizeEmail(input.email)
  const taken = await tx.query(`SELECT 1 FROM users WHERE email = $1`, [email])
  if (taken.length > 0) throw new HubError('conflict', `An account for ${email} already exists.`)
  const row: UserRow = { id: newId('usr'), email, name: input.name, password_hash: input.passwordHash }
  await tx.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [
    row.id,
    row.email,
    row.name,
    row.password_hash,
  ])
  return row
}

export { hashPassword }
