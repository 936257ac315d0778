import type { FieldError } from '../../shared/errors/CoreError'
import type { ConfigSource, FragmentUse, ResourceConflict, ResourceOrigin } from '../../shared/api/views'
import { applyFragmentMods, type LocatedMods } from '../../shared/config/applyFragmentMods'
import { computeEffectiveConfig, type ResourceSource } from '../../shared/config/computeEffectiveConfig'
import { fragmentRefId, type FragmentRef } from '../../shared/config/fragmentModSchema'
import {
  listResources,
  validateMachineConfig,
  type MachineConfig,
} from '../../shared/config/machineConfigSchema'
import type { FragmentId } from '../../shared/ids'
import type { CachedFragment, FragmentWanted } from './types'

export type EffectiveConfig = { fragments: FragmentUse[] } & (
  | { ok: true; config: MachineConfig; resources: ResourceOrigin[] }
  | { ok: false; errors: FieldError[]; conflicts: ResourceConflict[] }
)

/** The fragments a machine config lists, each at the revision it asks for (null: the newest). */
export function fragmentsWanted(config: MachineConfig): FragmentWanted[] {
  return (config.fragments ?? []).map((ref) => ({
    id: fragmentRefId(ref) as FragmentId,
    revision: wantedRevision(ref),
  }))
}

function wantedRevision(ref: FragmentRef): number | null {
  if (typeof ref === 'string' || ref.version === undefined || ref.version === 'latest') return null
  return typeof ref.version === 'number' ? ref.version : Number(ref.version)
}

/**
 * The config a machine runs, from its own config and the fragments at hand (any revisions of any
 * fragments; the ones the config asks for are picked). Pure. Built by `computeEffectiveConfig`,
 * which never picks silently between two definitions of a name; this adds where each resource comes
 * from, the two sources of each clash, and what was found of each fragment listed.
 *
 * A config that lists no fragment is its own effective config, returned as it is (keys in the
 * user's order) once it validates.
 */
export function resolveEffectiveConfig(
  machine: MachineConfig,
  available: readonly CachedFragment[],
): EffectiveConfig {
  const chosen = new Map<string, CachedFragment>()
  const fragments: FragmentUse[] = fragmentsWanted(machine).map((wanted) => {
    const found = pick(available, wanted)
    if (found) chosen.set(wanted.id, found)
    return {
      fragmentId: wanted.id,
      wanted: wanted.revision ?? 'latest',
      found: found ? { name: found.name, orgId: found.orgId, revision: found.revision } : null,
    }
  })

  if (fragments.length === 0) {
    const own = validateMachineConfig(machine)
    if (!own.ok) return { ok: false, errors: own.errors, conflicts: [], fragments }
    const resources = listResources(machine).map((r) => origin(r.name, r.kind, { kind: 'machine' }))
    return { ok: true, config: machine, resources, fragments }
  }

  const result = computeEffectiveConfig(machine, new Map([...chosen].map(([id, f]) => [id, f.config])))
  if (!result.ok) {
    return { ok: false, errors: result.errors, conflicts: findConflicts(machine, chosen), fragments }
  }
  const sourceOf = (name: string): ConfigSource =>
    toSource(Object.hasOwn(result.sources, name) ? result.sources[name] : undefined, chosen)
  const resources = listResources(result.config).map((r) => origin(r.name, r.kind, sourceOf(r.name)))
  return { ok: true, config: result.config, resources, fragments }
}

/** The wanted revision of the fragment, or its newest one at hand when the newest is wanted. */
function pick(available: readonly CachedFragment[], wanted: FragmentWanted): CachedFragment | undefined {
  let best: CachedFragment | undefined
  for (const f of available) {
    if (f.id !== wanted.id) continue
    if (wanted.revision !== null) {
      if (f.revision === wanted.revision) return f
    } else if (!best || f.revision > best.revision) best = f
  }
  return best
}

function toSource(
  source: ResourceSource | undefined,
  chosen: ReadonlyMap<string, CachedFragment>,
): ConfigSource {
  const fragment = source === undefined || source === 'machine' ? undefined : chosen.get(source)
  if (!fragment) return { kind: 'machine' }
  return { kind: 'fragment', fragmentId: fragment.id, name: fragment.name, revision: fragment.revision }
}

function origin(name: string, kind: 'component' | 'service', source: ConfigSource): ResourceOrigin {
  return { name, kind, source }
}

/**
 * Every component or service name that two sources define, with both sources. The fragments are
 * taken with the machine's mods applied (a mod may rename an entry), or as published when their
 * mods do not apply (that failure is among the errors already).
 */
function findConflicts(
  machine: MachineConfig,
  chosen: ReadonlyMap<string, CachedFragment>,
): ResourceConflict[] {
  const parts: Array<{ config: MachineConfig; source: ConfigSource }> = [
    { config: machine, source: { kind: 'machine' } },
  ]
  for (const [id, fragment] of chosen) {
    const located: LocatedMods[] = (machine.fragment_mods ?? []).flatMap((entry, index) =>
      entry.fragment_id === id ? [{ mods: entry.mods, path: ['fragment_mods', index] }] : [],
    )
    const modded = applyFragmentMods(id, fragment.config, located)
    parts.push({
      config: modded.ok ? modded.fragment : fragment.config,
      source: toSource(id, chosen),
    })
  }
  const first = new Map<string, ResourceOrigin>()
  const conflicts: ResourceConflict[] = []
  for (const { config, source } of parts) {
    for (const r of listResources(config)) {
      const here = origin(r.name, r.kind, source)
      const earlier = first.get(r.name)
      if (!earlier) first.set(r.name, here)
      else if (!sameSource(earlier.source, source)) conflicts.push({ name: r.name, sources: [earlier, here] })
    }
  }
  return conflicts
}

function sameSource(a: ConfigSource, b: ConfigSource): boolean {
  if (a.kind === 'machine' || b.kind === 'machine') return a.kind === b.kind
  return a.fragmentId === b.fragmentId
}
