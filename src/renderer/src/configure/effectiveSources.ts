import type { FieldError } from '../../../shared/errors/CoreError'
import type { ConfigSource, FragmentUse, ResourceConflict, ResourceOrigin } from '../../../shared/api/views'
import { parseModPath } from '../../../shared/config/fragmentModSchema'

// Words for where each resource of the effective config comes from, and for why there is no
// effective config. Pure, so CONFIGURE's panel only lays them out.

/** One `$set`/`$unset` of `fragment_mods` that reached a resource: `$set attributes.fps = 30`. */
export type ModNote = string

/** A resource's row in the effective view. */
export interface ResourceSourceRow {
  name: string
  kind: 'component' | 'service'
  /** "this machine", or "Camera kit, revision 2". */
  source: string
  fromFragment: boolean
  /** The machine's mods that changed this resource (empty: as the fragment publishes it). */
  mods: ModNote[]
}

/** "this machine" or the fragment's name and revision. */
export function sourceLabel(source: ConfigSource): string {
  switch (source.kind) {
    case 'machine':
      return 'this machine'
    case 'fragment':
      return `${source.name}, revision ${source.revision}`
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const SECTION_KIND: Record<string, 'component' | 'service'> = {
  components: 'component',
  services: 'service',
}

/**
 * The notes of every `$set`/`$unset` in a machine config's `fragment_mods`, keyed by fragment id,
 * resource kind and the resource's name in the effective config. A `$set` of `<entry>.name` renames
 * the entry, so its notes go to the new name. Anything that does not have the shape of a mod is
 * skipped: the core reports it among the errors.
 */
export function modNotesByResource(ownConfig: unknown): Map<string, ModNote[]> {
  const notes = new Map<string, ModNote[]>()
  if (!isRecord(ownConfig) || !Array.isArray(ownConfig.fragment_mods)) return notes
  for (const entry of ownConfig.fragment_mods) {
    if (!isRecord(entry) || typeof entry.fragment_id !== 'string' || !Array.isArray(entry.mods)) continue
    const fragmentId = entry.fragment_id
    const renamed = new Map<string, string>()
    const found: Array<{ kind: 'component' | 'service'; name: string; note: ModNote }> = []
    for (const mod of entry.mods) {
      if (!isRecord(mod)) continue
      for (const op of ['$set', '$unset'] as const) {
        const paths = mod[op]
        if (!isRecord(paths)) continue
        for (const [path, value] of Object.entries(paths)) {
          const parsed = parseModPath(path)
          const kind = parsed ? SECTION_KIND[parsed.section] : undefined
          if (!parsed || !kind) continue
          const field = parsed.field.join('.')
          if (op === '$set' && field === 'name' && typeof value === 'string') renamed.set(parsed.name, value)
          found.push({
            kind,
            name: parsed.name,
            note: op === '$set' ? `$set ${field} = ${JSON.stringify(value)}` : `$unset ${field}`,
          })
        }
      }
    }
    for (const { kind, name, note } of found) {
      const key = resourceKey(fragmentId, kind, renamed.get(name) ?? name)
      notes.set(key, [...(notes.get(key) ?? []), note])
    }
  }
  return notes
}

function resourceKey(fragmentId: string, kind: 'component' | 'service', name: string): string {
  return JSON.stringify([fragmentId, kind, name])
}

/** The effective view's rows: each resource with its source and the mods that changed it. */
export function resourceSourceRows(
  resources: readonly ResourceOrigin[],
  ownConfig: unknown,
): ResourceSourceRow[] {
  const notes = modNotesByResource(ownConfig)
  return resources.map((r) => ({
    name: r.name,
    kind: r.kind,
    source: sourceLabel(r.source),
    fromFragment: r.source.kind === 'fragment',
    mods:
      r.source.kind === 'fragment' ? (notes.get(resourceKey(r.source.fragmentId, r.kind, r.name)) ?? []) : [],
  }))
}

/** One line per fragment the config lists: which revision it asks for and which the cache holds. */
export function fragmentUseLine(use: FragmentUse): string {
  const wanted = use.wanted === 'latest' ? 'the latest revision' : `revision ${use.wanted}`
  if (!use.found) return `${use.fragmentId} (${wanted}): not in this computer's copy of the fleet`
  return `${use.found.name} (${use.fragmentId}), revision ${use.found.revision}${use.wanted === 'latest' ? ' (latest)' : ''}`
}

/**
 * Every reason there is no effective config, in full: the core's errors (each with its path), and
 * each clash with both of its sources by name and revision (the errors name fragments by id only).
 */
export function effectiveProblems(
  errors: readonly FieldError[],
  conflicts: readonly ResourceConflict[],
): { clashes: string[]; errors: string[] } {
  return {
    clashes: conflicts.map(
      (c) =>
        `"${c.name}" is defined twice: by ${sourceLabel(c.sources[0].source)} (${c.sources[0].kind}) and by ${sourceLabel(c.sources[1].source)} (${c.sources[1].kind})`,
    ),
    errors: errors.map((e) => (e.path && e.path !== '$' ? `${e.path}: ${e.message}` : e.message)),
  }
}
