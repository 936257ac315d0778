import { createHash, timingSafeEqual } from 'node:crypto'
import type { Queryable } from '../db/Db'
import { HubError } from '../core/HubError'
import type { SealKey } from '../core/sealSecret'
import { readPartSecret } from '../fleet/partSecrets'

// Agents authenticate with their part's id and secret: `Authorization: Part <partId>:<secret>`.
// The stored secret (opened from its sealed column) and the given one are compared as SHA-256 digests with timingSafeEqual, so the
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

export async function authenticateAgent(
  db: Queryable,
  key: SealKey,
  header: string | undefined,
): Promise<AgentPart> {
  const match = header === undefined ? null : HEADER.exec(header)
  if (!match) {
    throw new HubError(
      'unauthenticated',
      'Agents authenticate with "Authorization: Part <partId>:<part secret>".',
    )
  }
  const [, partId, secret] = match as unknown as [string, string, string]
  // The stored secret is sealed; a value that does not open (wrong hub key, tampering) throws, a
  // 500 rather than a 401, since it is the hub that is wrong, not the agent.
  const row = await readPartSecret(db, key, partId)
  // Compared even for an unknown part, so that timing does not tell which part ids exist.
  const ok = sameSecret(secret, row?.secret ?? '\u0000no part\u0000')
  if (!row || !ok) throw new HubError('unauthenticated', 'Unknown part or wrong part secret.')
  return { partId, machineId: row.machineId }
}
