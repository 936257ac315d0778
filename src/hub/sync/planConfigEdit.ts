import {
  jsonEqual,
  mergeThreeWay,
  type JsonObject,
  type MergeConflict,
} from '../../shared/sync/mergeThreeWay'

// What the hub does with one pushed config edit, decided from the three configs alone (pure). The
// executor (applyPush.ts) loads them, runs this, and writes what it says.

export interface ConfigEditInput {
  baseRevision: number
  headRevision: number
  /** The config at baseRevision ({} for 0). */
  base: JsonObject
  /** The config at headRevision ({} for 0). */
  head: JsonObject
  edit: JsonObject
}

export type ConfigEditPlan =
  /** The edit's result is what the hub already has: nothing to write. */
  | { kind: 'unchanged'; revision: number }
  /** Made on the head: the edit becomes the next revision. */
  | { kind: 'fast-forward'; config: JsonObject; parents: number[] }
  /** Made on an older revision, not overlapping what changed since: a merge revision. */
  | { kind: 'merge'; config: JsonObject; parents: number[] }
  /** Overlapping: a conflict record, nothing applied until an owner resolves it. */
  | { kind: 'conflict'; merged: JsonObject; conflicts: MergeConflict[] }

export function planConfigEdit(input: ConfigEditInput): ConfigEditPlan {
  const { baseRevision, headRevision, base, head, edit } = input
  if (jsonEqual(edit, head)) return { kind: 'unchanged', revision: headRevision }
  const headParents = headRevision > 0 ? [headRevision] : []
  if (baseRevision === headRevision) return { kind: 'fast-forward', config: edit, parents: headParents }
  const { merged, conflicts } = mergeThreeWay(base, head, edit)
  if (conflicts.length > 0) return { kind: 'conflict', merged, conflicts }
  if (jsonEqual(merged, head)) return { kind: 'unchanged', revision: headRevision }
  // Both parents: the head it lands on and the revision the edit was made on.
  return {
    kind: 'merge',
    config: merged,
    parents: [...headParents, baseRevision].filter((r, i, all) => r > 0 && all.indexOf(r) === i),
  }
}
