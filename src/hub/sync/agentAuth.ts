import { createHash, timingSafeEqual } from 'node:crypto'
import type { Queryable } from '../db/Db'
import { HubError } from '../core/HubError'

// Agents authenticate with their part's id and secret: `Authorization: Part <partId>:<secret>`.
// The stored secret and the given one are compared as SHA-256 digests with timingSafeEqual, so the
// comparison takes the same time whatever the secrets' lengths and contents; an unknown part and a
// wrong secret get the same answer.

const HEADER = /^Part ([A-Za-z0-9_-]{1,100}):(\S{1,1000})$/

export interface AgentPart {
  partId: string
  machineId: string
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

export function sameSecret(given: string, stored: string): boolean {
  return timingSafeEqual(digest(given), digest(stored))
}

export async function authenticateAgent(db: Queryable, header: string | undefined): Promise<AgentPart> {
  const match = header === undefined ? null : HEADER.exec(header)
  if (!match) {
    throw new HubError(
      'unauthenticated',
      'Agents authenticate with "Authorization: Part <partId>:<part secret>".',
    )
  }
  const [, partId, secret] = match as unknown as [string, string, string]
  const rows = await db.query<{ secret: string; machine_id: string }>(
    `SELECT secret, machine_id FROM parts WHERE id = $1`,
    [partId],
  )
  const row = rows[0]
  // Compared even for an unknown part, so that timing does not tell which part ids exist.
  const ok = sameSecret(secret, row?.secret ?? '\u0000no part\u0000')
  if (!row || !ok) throw new HubError('unauthenticated', 'Unknown part or wrong part secret.')
  return { partId, machineId: row.machine_id }
}
