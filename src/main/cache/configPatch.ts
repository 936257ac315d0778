/**
 * Compact history: an older revision is stored as the list of operations that turn the next newer
 * config into it. Consecutive revisions of a machine config differ in a value or two, so a patch is
 * tens of bytes where the config is a kilobyte or more.
 *
 * A patch is `[path, value]` (set) or `[path]` (delete an object key); path segments are object keys
 * (strings) or array indexes (numbers). The patch reproduces the target exactly, key order included
 * (so `JSON.stringify` of the result equals that of the target): objects whose key order would
 * change, and arrays whose length changes, are replaced whole rather than patched.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type PatchPath = Array<string | number>
export type PatchOp = [path: PatchPath, value: JsonValue] | [path: PatchPath]

export function diffJson(from: JsonValue, to: JsonValue): PatchOp[] {
  const ops: PatchOp[] = []
  diffInto(from, to, [], ops)
  return ops
}

// Import diffs hundreds of thousands of revisions: walk with one mutable path, copied only when an
// op is emitted, and compare key lists directly before falling back to the order analysis.
function diffInto(a: JsonValue, b: JsonValue, path: PatchPath, ops: PatchOp[]): void {
  if (a === b) return
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    ops.push([path.slice(), b])
    return
  }
  if (Array.isArray(a)) {
    const bArray = b as JsonValue[]
    if (a.length !== bArray.length) {
      ops.push([path.slice(), b])
      return
    }
    for (let i = 0; i < a.length; i++) {
      path.push(i)
      diffInto(a[i] as JsonValue, bArray[i] as JsonValue, path, ops)
      path.pop()
    }
    return
  }
  const objA = a as { [key: string]: JsonValue }
  const objB = b as { [key: string]: JsonValue }
  const keysA = Object.keys(objA)
  const keysB = Object.keys(objB)
  let sameKeys = keysA.length === keysB.length
  for (let i = 0; sameKeys && i < keysA.length; i++) sameKeys = keysA[i] === keysB[i]
  if (!sameKeys) {
    if (!keepsKeyOrder(objA, objB, keysB)) {
      ops.push([path.slice(), b])
      return
    }
    for (const key of keysA) if (!Object.hasOwn(objB, key)) ops.push([[...path, key]])
  }
  for (const key of keysB) {
    if (sameKeys || Object.hasOwn(objA, key)) {
      path.push(key)
      diffInto(objA[key] as JsonValue, objB[key] as JsonValue, path, ops)
      path.pop()
    } else ops.push([[...path, key], objB[key] as JsonValue])
  }
}

const INTEGER_KEY = /^(0|[1-9]\d*)$/

/**
 * True when deleting a's missing keys and appending b's new ones yields b's key order. Integer-like
 * keys are left out: JavaScript always enumerates them first, in ascending order, whatever the
 * insertion order, so they come out right either way.
 */
function keepsKeyOrder(
  a: { [key: string]: JsonValue },
  b: { [key: string]: JsonValue },
  keysB: string[],
): boolean {
  const named = keysB.filter((key) => !INTEGER_KEY.test(key))
  let i = 0
  for (const key of Object.keys(a)) {
    if (INTEGER_KEY.test(key) || !Object.hasOwn(b, key)) continue
    if (named[i] !== key) return false
    i++
  }
  for (; i < named.length; i++) if (Object.hasOwn(a, named[i] as string)) return false
  return true
}

/** Applies a patch made by `diffJson(base, target)` to `base`, which it may modify; returns target. */
export function applyJsonPatch(base: JsonValue, ops: readonly PatchOp[]): JsonValue {
  let root = base
  for (const op of ops) {
    const path = op[0]
    if (path.length === 0) {
      if (op.length === 2) root = op[1]
      continue
    }
    let node = root as Record<string | number, JsonValue>
    for (let i = 0; i < path.length - 1; i++)
      node = node[path[i] as string | number] as Record<string | number, JsonValue>
    const last = path[path.length - 1] as string | number
    if (op.length === 1) delete node[last]
    // JSON.parse makes "__proto__" an own key; plain assignment would set the prototype instead.
    else if (last === '__proto__')
      Object.defineProperty(node, last, {
        value: op[1],
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else node[last] = op[1]
  }
  return root
}
