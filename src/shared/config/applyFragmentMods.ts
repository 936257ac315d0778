import type { FieldError } from '../errors/CoreError'
import { cloneJson } from './cloneJson'
import { formatJsonPath, type JsonPathSegment } from './formatJsonPath'
import { MOD_SECTIONS, parseModPath, type FragmentMod, type ModSection } from './fragmentModSchema'
import { validateMachineConfig, type MachineConfig } from './machineConfigSchema'
import { isRecord } from './resourceConfigSchema'

/** The mods of one `fragment_mods` entry, with where that entry sits in the machine config. */
export interface LocatedMods {
  mods: readonly FragmentMod[]
  /** Path of the entry, e.g. `['fragment_mods', 2]`, for error messages. */
  path: readonly JsonPathSegment[]
}

export type ApplyModsResult = { ok: true; fragment: MachineConfig } | { ok: false; errors: FieldError[] }

const SINGULAR: Record<ModSection, string> = {
  components: 'component',
  services: 'service',
  modules: 'module',
  packages: 'package',
  remotes: 'remote',
}

/** Raised inside one mod; caught and turned into a FieldError located at that mod. */
class ModError extends Error {}

/**
 * Applies a machine's `$set` / `$unset` mods to its copy of a fragment, all or nothing: if any mod
 * cannot apply, or the result is no longer a valid config, nothing is applied and every failure is
 * reported. Paths address entries by the name they have in the fragment as published, even after a
 * mod renames one (as Viam documents). Like MongoDB, `$set` creates missing objects along the path
 * and `$unset` of a missing key does nothing. The fragment passed in is never changed.
 */
export function applyFragmentMods(
  fragmentId: string,
  fragment: MachineConfig,
  located: readonly LocatedMods[],
): ApplyModsResult {
  const copy = cloneJson(fragment)
  // Resolve names once, before any mod runs, so a rename does not change what later mods address.
  const entries = indexByName(copy)
  const errors: FieldError[] = []

  for (const { mods, path } of located) {
    mods.forEach((mod, modIndex) => {
      for (const operator of ['$set', '$unset'] as const) {
        const paths = mod[operator]
        if (!paths) continue
        for (const [modPath, value] of Object.entries(paths)) {
          try {
            applyOne(entries, fragmentId, operator, modPath, value)
          } catch (err) {
            if (!(err instanceof ModError)) throw err
            const at = formatJsonPath([...path, 'mods', modIndex, operator, modPath])
            errors.push({ path: at, message: err.message })
          }
        }
      }
    })
  }
  if (errors.length > 0) return { ok: false, errors }

  // A mod may leave a valid path with an invalid value (a name set to 5, attributes set to []).
  const checked = validateMachineConfig(copy)
  if (!checked.ok) {
    const at = formatJsonPath(located[0]?.path ?? ['fragment_mods'])
    return {
      ok: false,
      errors: checked.errors.map((e) => ({
        path: at,
        message: `after these mods, fragment "${fragmentId}" would be invalid (at ${e.path} in the fragment): ${e.message}`,
      })),
    }
  }
  return { ok: true, fragment: checked.config }
}

type EntryIndex = Record<ModSection, Map<string, Record<string, unknown>>>

function indexByName(config: MachineConfig): EntryIndex {
  const index = {} as EntryIndex
  for (const section of Object.keys(MOD_SECTIONS) as ModSection[]) {
    const map = new Map<string, Record<string, unknown>>()
    const list: unknown = config[section]
    if (Array.isArray(list)) {
      for (const entry of list as unknown[]) {
        if (isRecord(entry) && typeof entry.name === 'string' && !map.has(entry.name))
          map.set(entry.name, entry)
      }
    }
    index[section] = map
  }
  return index
}

function applyOne(
  entries: EntryIndex,
  fragmentId: string,
  operator: '$set' | '$unset',
  modPath: string,
  value: unknown,
): void {
  const parsed = parseModPath(modPath)
  if (!parsed) throw new ModError('expected a path like "components.<name>.attributes.<key>"')
  const target = entries[parsed.section].get(parsed.name)
  if (!target) {
    throw new ModError(`fragment "${fragmentId}" has no ${SINGULAR[parsed.section]} named "${parsed.name}"`)
  }
  const { field } = parsed
  let container: unknown = target
  for (let i = 0; i < field.length - 1; i++) {
    const key = field[i] as string
    const shown = [parsed.section, parsed.name, ...field.slice(0, i + 1)].join('.')
    let next = childOf(container, key, shown, fragmentId)
    if (next === undefined) {
      if (operator === '$unset') return // nothing there to remove
      next = {}
      setChild(container, key, next, shown, fragmentId)
    }
    if (typeof next !== 'object' || next === null) {
      throw new ModError(
        `"${shown}" is ${describe(next)} in fragment "${fragmentId}", so it has no "${field[i + 1]}"`,
      )
    }
    container = next
  }
  const last = field[field.length - 1] as string
  const shown = modPath
  if (operator === '$set') {
    setChild(container, last, cloneJson(value), shown, fragmentId)
    return
  }
  if (Array.isArray(container)) {
    throw new ModError(`cannot remove one element of a list ("${shown}"); $set the whole list instead`)
  }
  if (isRecord(container) && Object.hasOwn(container, last)) delete container[last]
}

function childOf(container: unknown, key: string, shown: string, fragmentId: string): unknown {
  if (Array.isArray(container))
    return (container as unknown[])[arrayIndex(container, key, shown, fragmentId, false)]
  if (isRecord(container)) return Object.hasOwn(container, key) ? container[key] : undefined
  return undefined
}

function setChild(container: unknown, key: string, value: unknown, shown: string, fragmentId: string): void {
  if (Array.isArray(container)) {
    ;(container as unknown[])[arrayIndex(container, key, shown, fragmentId, true)] = value
  } else if (isRecord(container)) {
    // defineProperty, not assignment: a key such as "__proto__" must become data, not a prototype.
    Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true })
  }
}

/** An index into a list; when writing, at most one past the end, as $set may add one item. */
function arrayIndex(
  list: unknown[],
  key: string,
  shown: string,
  fragmentId: string,
  forWriting: boolean,
): number {
  if (!/^\d+$/.test(key)) {
    throw new ModError(`"${shown}" addresses a list in fragment "${fragmentId}" by "${key}", not by a number`)
  }
  const index = Number(key)
  // Reading past the end finds nothing (so $unset does nothing); writing may only append.
  if (!forWriting) return index
  if (index > list.length) {
    throw new ModError(
      `"${shown}" is past the end of a list of ${list.length} item(s) in fragment "${fragmentId}"`,
    )
  }
  return index
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`
}
