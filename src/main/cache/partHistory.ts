import type { Revision, RevisionSource } from '../../shared/domain/model'
import type { PartId } from '../../shared/ids'
import { applyJsonPatch, diffJson, type JsonValue, type PatchOp } from './configPatch'
import { HISTORY_LIMIT } from './types'

/** How one revision is stored: the newest as a full config, older ones as a patch from the next newer. */
export interface StoredRevision {
  partId: PartId
  revision: number
  author: string
  createdAt: string
  source: RevisionSource
  config: string | null
  patch: string | null
}

/** Below this size a patch is kept without comparing it to the full config. */
const SMALL_PATCH = 512

/**
 * Encodes one part's revisions, given newest first. A patch that would be larger than the config it
 * stands for (a rewrite rather than an edit) is stored as the full config instead. Runs on the main
 * thread during an import: diffing is cheaper than cloning whole configs over to the worker.
 */
export function encodeHistory(newestFirst: readonly Revision[]): StoredRevision[] {
  return newestFirst.map((rev, i) => {
    if (typeof rev.config !== 'object' || rev.config === null || Array.isArray(rev.config)) {
      throw new Error(`Revision ${rev.revision} of part ${rev.partId} has no config object.`)
    }
    const meta = {
      partId: rev.partId,
      revision: rev.revision,
      author: rev.author,
      createdAt: rev.createdAt,
      source: rev.source,
    }
    if (i === 0) return { ...meta, config: JSON.stringify(rev.config), patch: null }
    const newer = newestFirst[i - 1] as Revision
    if (newer.partId !== rev.partId || newer.revision <= rev.revision) {
      throw new Error(`Revisions of part ${rev.partId} must come newest first, each once.`)
    }
    const patch = JSON.stringify(diffJson(newer.config as JsonValue, rev.config as JsonValue))
    if (patch.length > SMALL_PATCH) {
      const config = JSON.stringify(rev.config)
      if (config.length <= patch.length) return { ...meta, config, patch: null }
    }
    return { ...meta, config: null, patch }
  })
}

/** Rebuilds the config of the last row from rows newest first (the first must hold a full config). */
export function decodeHistory(
  newestFirst: ReadonlyArray<{ config: string | null; patch: string | null }>,
): JsonValue {
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
  return [...byPart.values()].map((revs) =>
    [...revs.values()].sort((a, b) => b.revision - a.revision).slice(0, limit),
  )
}
