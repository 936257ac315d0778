import type { OrgId } from '../../shared/ids'

/** The counts the usage query reads from the database for one organization. */
export interface UsageCounts {
  machines: number
  parts: number
  logLines: number
  logBytes: number
  packages: number
  packageVersions: number
  packageBytes: number
}

export interface OrgUsage extends UsageCounts {
  orgId: OrgId
  /** What the org keeps on the hub: log text plus package contents. */
  storageBytes: number
  measuredAt: string
}

/** Counts from SQL come back as strings (bigint) or numbers; anything else is a bug upstream. */
export function toCount(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`Not a count: ${String(value)}`)
  return n
}

export function summarizeUsage(orgId: OrgId, counts: UsageCounts, now: Date): OrgUsage {
  return {
    orgId,
    ...counts,
    storageBytes: counts.logBytes + counts.packageBytes,
    measuredAt: now.toISOString(),
  }
}
