import type { Db } from '../db/Db'
import { sealedKid, type SealKey } from '../core/sealSecret'
import { sealPlainPartSecrets } from '../fleet/partSecrets'
import { sealStoredSigningKeys } from '../sync/signingKeys'

// Run at every hub start, after the migrations: seals what an older hub stored plain (part
// secrets, signing keys), in one transaction, and refuses to start under a key other than the one
// the stored values were sealed with, so a mistyped FLEETDESK_HUB_KEY_SECRET or a replaced key file
// is said at start, not as a failed agent sign-in later.

const SEAL_LOCK = 4_721_003

export interface SealReport {
  partSecrets: number
  signingKeys: number
}

/** The ids of the keys stored values are sealed under, other than `key`'s. */
async function foreignKids(db: Db, key: SealKey): Promise<string[]> {
  const rows = await db.query<{ v: string }>(
    `SELECT DISTINCT secret_sealed AS v FROM parts WHERE secret_sealed IS NOT NULL AND secret_sealed NOT LIKE $1
     UNION SELECT private_key AS v FROM hub_signing_keys WHERE private_key LIKE 'v1:%' AND private_key NOT LIKE $1
     LIMIT 20`,
    [`v1:${key.kid}:%`],
  )
  return [...new Set(rows.map((r) => sealedKid(r.v) ?? 'unknown'))]
}

export async function sealAtStart(
  db: Db,
  key: SealKey,
  legacySecret: string | undefined,
): Promise<SealReport> {
  const foreign = await foreignKids(db, key)
  if (foreign.length > 0)
    throw new Error(
      `The hub's stored secrets are sealed with key ${foreign.join(', ')}, but this hub's key is ${key.kid}: start it with the FLEETDESK_HUB_KEY_SECRET (or, on PGlite, the hub-secret.key in the data folder) it ran with before.`,
    )
  return db.transaction(async (tx) => {
    // Several processes starting at once on PostgreSQL: one seals, the others find nothing left.
    await tx.query(`SELECT pg_advisory_xact_lock(${SEAL_LOCK})`)
    const partSecrets = await sealPlainPartSecrets(tx, key)
    const signingKeys = await sealStoredSigningKeys(tx, { sealKey: key, legacySecret })
    return { partSecrets, signingKeys }
  })
}
