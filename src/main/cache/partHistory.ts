import type { Revision } from '../../shared/domain/model'
import { applyJsonPatch, diffJson, type JsonValue, type PatchOp } from './configPatch'
import { HISTORY_LIMIT } from './types'

/** How one revision is stored: the newest as a full config, older ones as a patch from the next newer. */
export interface StoredRevision {
  revision: number
  config: string | null
  patch: string | null
}

/** Below this size a patch is kept without comparing it to the full config. */
const SMALL_PATCH = 512

/**
 * Encodes a part's revisions, newest first. A patch that would be larger than the config it stands
 * for (a rewrite rather than an edit) is stored as the full config instead.
 */
export function encodeHistory(newestFirst: readonly Revision[]): StoredRevision[] {
  return newestFirst.map((rev, i) => {
    if (i === 0) return { revision: rev.revision, config: JSON.stringify(rev.config), patch: null }
    const newer = newestFirst[i - 1] as Revision
    const patch = JSON.stringify(diffJson(newer.config as JsonValue, rev.config as JsonValue))
    if (patch.length > SMALL_PATCH) {
      const config = JSON.stringify(rev.config)
      if (config.length <= patch.length) return { revision: rev.revision, config, patch: null }
    }
    return { revision: rev.revision, config: null, patch }
  })
}

/** Rebuilds the config of the last row from rows newest first (the first must hold a full config). */
export function decodeHistory(newestFirst: ReadonlyArray<{ config: string | null; patch: string | null }>): JsonValue {
  let config: JsonValue | undefined
  for (const row of newestFirst) {
    if (row.config !== null) config = JSON.parse(row.config) as JsonValue
    else if (config === undefined) throw new Error('The newest cached revision has no full config.')
    else config = applyJsonPatch(config, JSON.parse(row.patch ?? '[]') as PatchOp[])
  }
  if (config === undefined) throw new Error('No revision rows.')
  return config
}

/**
 * Groups revisions by part, newest first, keeping the newest `limit` of each (a duplicate revision
 * number keeps the later entry). Parts keep the order of their first appearance.
 */
export function groupRevisionsByPart(revisions: readonly Revision[], limit = HISTORY_LIMIT): Revision[][] {
  const byPart = new Map<string, Map<number, Revision>>()
  for (const rev of revisions) {
    let revs = byPart.get(rev.partId)
    if (!revs) byPart.set(rev.partId, (revs = new Map()))
    revs.set(rev.revision, rev)
  }
  return [...byPart.values()].map((revs) => [...revs.values()].sort((a, b) => b.revision - a.revision).slice(0, limit))
}
