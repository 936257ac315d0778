import type { FieldError } from '../errors/CoreError'
import { applyFragmentMods, type LocatedMods } from './applyFragmentMods'
import { cloneJson } from './cloneJson'
import { formatJsonPath } from './formatJsonPath'
import { fragmentRefId } from './fragmentModSchema'
import { validateMachineConfig, type MachineConfig } from './machineConfigSchema'
import { isRecord } from './resourceConfigSchema'

/** Where a resource of the effective config comes from: the machine's own config or a fragment id. */
export type ResourceSource = 'machine' | (string & {})

/** Fragment configs by fragment id, each already at the revision the machine asks for. */
export type FragmentConfigs = ReadonlyMap<string, MachineConfig> | Readonly<Record<string, MachineConfig>>

export type EffectiveConfigResult =
  | { ok: true; config: MachineConfig; sources: Record<string, ResourceSource> }
  | { ok: false; errors: FieldError[] }

/** Lists merged from the machine and its fragments, with the key that must be unique in each. */
const MERGED: ReadonlyArray<[section: string, key: string, singular: string]> = [
  ['components', 'name', 'component'],
  ['services', 'name', 'service'],
  ['modules', 'name', 'module'],
  ['packages', 'name', 'package'],
  ['remotes', 'name', 'remote'],
  ['processes', 'id', 'process'],
]

interface Origin {
  source: ResourceSource
  /** Where to point the technician: the machine's entry, or the machine's reference to the fragment. */
  path: string
  singular: string
}

/**
 * The config a machine actually runs: its own entries plus those of every fragment it uses, with its
 * `fragment_mods` applied. Pure. Never picks silently: a name defined twice (machine and fragment,
 * two fragments, or one fragment after a rename) is an error naming both sources, and a fragment
 * whose mods cannot all apply contributes nothing and fails the result. The returned config no longer
 * lists `fragments` or `fragment_mods`, since they are resolved into it. `sources` maps each
 * component and service name to its origin. A component and a service may share a name only when
 * they come from the same source (viam-server allows it; `sources` could not say which one).
 */
export function computeEffectiveConfig(
  machine: MachineConfig,
  fragments: FragmentConfigs,
): EffectiveConfigResult {
  const errors: FieldError[] = []

  const modsByFragment = new Map<string, LocatedMods[]>()
  const refIds = new Set((machine.fragments ?? []).map(fragmentRefId))
  ;(machine.fragment_mods ?? []).forEach((entry, index) => {
    if (!refIds.has(entry.fragment_id)) {
      errors.push({
        path: formatJsonPath(['fragment_mods', index, 'fragment_id']),
        message: `fragment "${entry.fragment_id}" is not in "fragments"; add it there or remove these mods`,
      })
      return
    }
    const list = modsByFragment.get(entry.fragment_id) ?? []
    list.push({ mods: entry.mods, path: ['fragment_mods', index] })
    modsByFragment.set(entry.fragment_id, list)
  })

  const parts: Array<{ config: MachineConfig; source: ResourceSource; refPath: string | null }> = [
    { config: machine, source: 'machine', refPath: null },
  ]
  ;(machine.fragments ?? []).forEach((ref, index) => {
    const id = fragmentRefId(ref)
    const refPath = formatJsonPath(['fragments', index])
    const fragment = lookupFragment(fragments, id)
    const version = typeof ref === 'string' || ref.version === undefined ? 'latest' : String(ref.version)
    if (!fragment) {
      errors.push({
        path: refPath,
        message: `fragment "${id}" (revision ${version}) is not available; load it first`,
      })
      return
    }
    if ((fragment.fragments ?? []).length > 0) {
      errors.push({
        path: refPath,
        message: `fragment "${id}" itself uses fragments, which are not supported yet`,
      })
      return
    }
    const modded = applyFragmentMods(id, fragment, modsByFragment.get(id) ?? [])
    if (!modded.ok) errors.push(...modded.errors)
    else parts.push({ config: modded.fragment, source: id, refPath })
  })

  const merged: Record<string, unknown[]> = {}
  const sources: Record<string, ResourceSource> = {}
  const resourceOrigins = new Map<string, Origin>()
  for (const [section, key, singular] of MERGED) {
    const seen = new Map<string, Origin>()
    for (const { config, source, refPath } of parts) {
      const list: unknown = config[section]
      if (!Array.isArray(list)) continue
      merged[section] ??= []
      ;(list as unknown[]).forEach((entry, index) => {
        merged[section]?.push(entry)
        const name = isRecord(entry) ? entry[key] : undefined
        if (typeof name !== 'string') return
        const origin: Origin = { source, path: refPath ?? formatJsonPath([section, index]), singular }
        const clash =
          seen.get(name) ??
          (section === 'components' || section === 'services'
            ? otherSource(resourceOrigins.get(name), source)
            : undefined)
        if (clash) {
          errors.push(duplicate(key, name, clash, origin))
          return
        }
        seen.set(name, origin)
        if (section === 'components' || section === 'services') {
          resourceOrigins.set(name, origin)
          // defineProperty: a resource may be named "__proto__", which assignment would swallow.
          Object.defineProperty(sources, name, {
            value: source,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        }
      })
    }
  }
  if (errors.length > 0) return { ok: false, errors }

  const resolved = new Set(['fragments', 'fragment_mods'])
  const rest = Object.entries(cloneJson(machine)).filter(([key]) => !resolved.has(key))
  const effective = validateMachineConfig({ ...Object.fromEntries(rest), ...cloneJson(merged) })
  // Every part was valid and names are unique, so this only guards against a mistake in this module.
  if (!effective.ok) return effective
  return { ok: true, config: effective.config, sources }
}

function lookupFragment(fragments: FragmentConfigs, id: string): MachineConfig | undefined {
  if (isReadonlyMap(fragments)) return fragments.get(id)
  return Object.hasOwn(fragments, id) ? fragments[id] : undefined
}

function isReadonlyMap(value: FragmentConfigs): value is ReadonlyMap<string, MachineConfig> {
  return value instanceof Map
}

/** A component and a service from the same source may share a name; from different sources they clash. */
function otherSource(origin: Origin | undefined, source: ResourceSource): Origin | undefined {
  return origin && origin.source !== source ? origin : undefined
}

function duplicate(key: string, name: string, first: Origin, second: Origin): FieldError {
  // Point at the machine's own entry when there is one: that is what the technician can edit.
  const path = first.source === 'machine' ? first.path : second.path
  return {
    path,
    message: `${key} "${name}" is defined twice: ${describe(first)} and ${describe(second)}`,
  }
}

function describe(origin: Origin): string {
  return origin.source === 'machine'
    ? `as a ${origin.singular} in this machine's config`
    : `as a ${origin.singular} in fragment "${origin.source}"`
}
