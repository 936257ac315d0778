import { timingSafeEqual } from 'node:crypto'
import type { Queryable } from '../db/Db'

/**
 * An agent's credential for its own part: `Authorization: Part <partId>:<secret>`. hubcore's
 * parseAuthorization knows sessions and API keys; until the agent routes bring a shared agent
 * scheme, the log ingestion route reads this one itself. Pure parsing, then one lookup.
 */
export function parsePartCredential(header: string | undefined): { partId: string; secret: string } | null {
  if (header === undefined || header.length > 1024) return null
  const match = /^part\s+([^:\s]+):(\S+)$/i.exec(header.trim())
  if (!match) return null
  return { partId: match[1] as string, secret: match[2] as string }
}

export async function verifyPartSecret(db: Queryable, partId: string, secret: string): Promise<boolean> {
  const rows = await db.query<{ secret: string }>(`SELECT secret FROM parts WHERE id = $1`, [partId])
  const stored = rows[0]?.secret
  if (stored === undefined) return false
  const a = Buffer.from(stored, 'utf8')
  const b = Buffer.from(secret, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
