// Three-way merge of machine configs (base, head, edit), pure and shared: the hub runs it when a
// pushed edit was based on an older revision, the desktop can run it to preview what the hub will do.
//
// Granularity: per resource and per key. The config's named lists (components, services, ...) are
// matched by the entry's name, not by position, so two people adding different components, or editing
// different components, never collide. Objects merge key by key, recursively. Any other value
// (numbers, strings, unnamed arrays such as `depends_on` or `log`) is atomic: if both sides changed
// it differently, that is a conflict holding base, head and edit.
//
// Absent (a key that does not exist) is a value of its own: a key deleted on one side and changed on
// the other is a conflict; deleted on one side and untouched on the other is deleted.

export type JsonPrimitive = string | number | boolean | null
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/**
 * Where a conflict is. `path` holds object keys, and for a named list the list's key followed by the
 * entry's name (`['components', 'arm', 'attributes', 'speed']`, the way fragment mods address
 * resources); `pathText` is the same, readable: `$.components[name="arm"].attributes.speed`.
 */
export interface MergeConflict {
  path: string[]
  pathText: string
  /** Absent (undefined) where the key did not exist on that side. */
  base?: JsonValue
  head?: JsonValue
  edit?: JsonValue
}

export interface MergeResult {
  /**
   * The merged config. Where there are conflicts it holds head's value at each conflicting path (the
   * hub's current state), so it is a proposal only; the conflicts say what must be decided.
   */
  merged: JsonObject
  conflicts: MergeConflict[]
}

/** Top-level lists of the machine config whose entries are identified by a key (as the schema's unique-name rule). */
export const NAMED_LISTS: Readonly<Record<string, string>> = {
  components: 'name',
  services: 'name',
  remotes: 'name',
  modules: 'name',
  packages: 'name',
  processes: 'id',
  fragment_mods: 'fragment_id',
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const hasOwn = (o: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** An own property only: a config key such as "constructor" must not read Object's prototype. */
function own(o: JsonObject, key: string): JsonValue | undefined {
  return hasOwn(o, key) ? o[key] : undefined
}

/** Sets an own property, also for "__proto__" (which plain assignment would treat as the prototype). */
function setOwn(o: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => jsonEqual(item, b[i]))
  }
  if (Array.isArray(b) || typeof a !== 'object' || typeof b !== 'object') return false
  const keysA = Object.keys(a)
  if (keysA.length !== Object.keys(b).length) return false
  return keysA.every((key) => hasOwn(b, key) && jsonEqual(a[key], b[key]))
}

function keyText(key: string): string {
  return PLAIN_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

/** The entries of a named list by name, or null when it is not one (not an array, unnamed or repeated names). */
function byName(value: JsonValue | undefined, idKey: string): Map<string, JsonObject> | null {
  if (value === undefined) return new Map()
  if (!Array.isArray(value)) return null
  const entries = new Map<string, JsonObject>()
  for (const entry of value) {
    if (!isObject(entry)) return null
    const id = own(entry, idKey)
    if (typeof id !== 'string' || entries.has(id)) return null
    entries.set(id, entry)
  }
  return entries
}

interface Where {
  path: string[]
  text: string
}

class Merger {
  readonly conflicts: MergeConflict[] = []

  value(
    base: JsonValue | undefined,
    head: JsonValue | undefined,
    edit: JsonValue | undefined,
    where: Where,
    namedListKey?: string,
  ): JsonValue | undefined {
    if (jsonEqual(head, edit)) return head
    if (jsonEqual(base, head)) return edit
    if (jsonEqual(base, edit)) return head
    // Both sides changed it, differently.
    if (isObject(head) && isObject(edit) && (base === undefined || isObject(base))) {
      return this.object(base ?? {}, head, edit, where)
    }
    if (namedListKey !== undefined && Array.isArray(head) && Array.isArray(edit)) {
      const merged = this.namedList(base, head, edit, where, namedListKey)
      if (merged !== null) return merged
    }
    this.conflict(base, head, edit, where)
    return head
  }

  object(base: JsonObject, head: JsonObject, edit: JsonObject, where: Where): JsonObject {
    const out: JsonObject = {}
    const keys = [...Object.keys(head), ...Object.keys(edit).filter((k) => !hasOwn(head, k))]
    // A key only base has was deleted on both sides: it stays deleted.
    for (const key of keys) {
      const next: Where = { path: [...where.path, key], text: where.text + keyText(key) }
      const listKey = where.path.length === 0 ? NAMED_LISTS[key] : undefined
      const merged = this.value(own(base, key), own(head, key), own(edit, key), next, listKey)
      if (merged !== undefined) setOwn(out, key, merged)
    }
    return out
  }

  namedList(
    base: JsonValue | undefined,
    head: JsonValue[],
    edit: JsonValue[],
    where: Where,
    idKey: string,
  ): JsonValue[] | null {
    const b = byName(base, idKey)
    const h = byName(head, idKey)
    const e = byName(edit, idKey)
    if (b === null || h === null || e === null) return null
    // Head's order first (the hub's state), then what only the edit added, in the edit's order.
    const names = [...h.keys(), ...[...e.keys()].filter((n) => !h.has(n))]
    const out: JsonValue[] = []
    for (const name of names) {
      const next: Where = {
        path: [...where.path, name],
        text: `${where.text}[${idKey}=${JSON.stringify(name)}]`,
      }
      const merged = this.value(b.get(name), h.get(name), e.get(name), next)
      if (merged !== undefined) out.push(merged)
    }
    return out
  }

  conflict(
    base: JsonValue | undefined,
    head: JsonValue | undefined,
    edit: JsonValue | undefined,
    where: Where,
  ): void {
    const conflict: MergeConflict = { path: where.path, pathText: where.text }
    if (base !== undefined) conflict.base = base
    if (head !== undefined) conflict.head = head
    if (edit !== undefined) conflict.edit = edit
    this.conflicts.push(conflict)
  }
}

/**
 * Merges an edit made on `base` into `head` (what the hub has now). What only one side changed is
 * taken from that side; what both changed the same way is taken once; what both changed differently
 * is a conflict (and head's value stays in `merged`).
 */
export function mergeThreeWay(base: JsonObject, head: JsonObject, edit: JsonObject): MergeResult {
  const merger = new Merger()
  const merged = merger.object(base, head, edit, { path: [], text: '$' })
  return { merged, conflicts: merger.conflicts }
}

/**
 * The value at a merge path (named list entries addressed by name), or undefined where there is
 * none: for showing a conflict's context and for checking a merge.
 */
export function valueAtMergePath(config: JsonValue, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = config
  for (let i = 0; i < path.length; i++) {
    if (!isObject(current)) return undefined
    const key = path[i] as string
    current = own(current, key)
    const idKey = i === 0 ? NAMED_LISTS[key] : undefined
    if (idKey !== undefined && i + 1 < path.length) {
      const entries = byName(current, idKey)
      if (entries === null) return undefined
      current = entries.get(path[i + 1] as string)
      i++
    }
  }
  return current
}
