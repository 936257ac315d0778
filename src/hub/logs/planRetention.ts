import type { OrgId, PartId } from '../../shared/ids'

/** An organization's bound on stored logs: rows older than maxAgeDays, or beyond the newest maxRowsPerPart. */
export interface RetentionPolicy {
  maxAgeDays: number
  maxRowsPerPart: number
}

/** Thirty days and 100,000 rows a part unless the org sets its own: a month of a chatty robot. */
export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxRowsPerPart: 100_000 }

export const RETENTION_LIMITS = {
  maxAgeDays: { min: 1, max: 3650 },
  maxRowsPerPart: { min: 100, max: 10_000_000 },
} as const

export interface PartLogCount {
  partId: PartId
  rows: number
}

/** Steps are per part: both run on the (part_id, time, id) index, so pruning never scans the table. */
export type RetentionStep =
  | { kind: 'delete-older-than'; orgId: OrgId; partId: PartId; before: string }
  | { kind: 'trim-part'; orgId: OrgId; partId: PartId; keepNewest: number; excess: number }

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * What pruning an organization's logs takes: an age cut for each part, then a trim for each part
 * above its row bound. The count is taken before the age cut, so a trim may find fewer rows
 * than planned; trimming "all but the newest N" stays correct either way.
 */
export function planRetention(
  orgId: OrgId,
  policy: RetentionPolicy,
  counts: readonly PartLogCount[],
  now: Date,
): RetentionStep[] {
  const before = new Date(now.getTime() - policy.maxAgeDays * DAY_MS).toISOString()
  const steps: RetentionStep[] = []
  for (const { partId, rows } of counts) {
    if (rows > 0) steps.push({ kind: 'delete-older-than', orgId, partId, before })
    if (rows > policy.maxRowsPerPart) {
      steps.push({
        kind: 'trim-part',
        orgId,
        partId,
        keepNewest: policy.maxRowsPerPart,
        excess: rows - policy.maxRowsPerPart,
      })
    }
  }
  return steps
}
