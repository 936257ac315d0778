import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  jsonEqual,
  mergeThreeWay,
  NAMED_LISTS,
  valueAtMergePath,
  type JsonObject,
  type JsonValue,
  type MergeResult,
} from '../../../src/shared/sync/mergeThreeWay'

// Small pools of names and keys, so that independently drawn sides overlap often (conflicts) and
// blended sides often leave each other alone (clean merges).
const NAMES = ['left', 'right', 'cam'] as const
const leaf = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('a', 'b'),
  fc.boolean(),
  fc.constant(null),
)
const attributes = fc.record(
  {
    x: leaf,
    y: leaf,
    pins: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    nested: fc.record({ k: leaf }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
)
const namedList = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }).chain((names) =>
  fc.tuple(
    ...names.map((name) =>
      fc.record(
        {
          name: fc.constant(name),
          model: fc.constantFrom('fake', 'gpio'),
          attributes,
          depends_on: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
        },
        { requiredKeys: ['name'] },
      ),
    ),
  ),
)
const configArb: fc.Arbitrary<JsonObject> = fc.record(
  {
    components: namedList,
    services: namedList,
    network: fc.record({ port: leaf, host: leaf }, { requiredKeys: [] }),
    debug: fc.boolean(),
    log: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
    'odd-key': leaf,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<JsonObject>

/** Takes, per top-level key and per named entry, either base's value or other's. */
function blend(base: JsonObject, other: JsonObject, picks: readonly boolean[]): JsonObject {
  let i = 0
  const pick = (): boolean => picks[i++ % picks.length] ?? false
  const out: JsonObject = {}
  for (const key of new Set([...Object.keys(base), ...Object.keys(other)])) {
    const idKey = NAMED_LISTS[key]
    const b = base[key]
    const o = other[key]
    if (idKey !== undefined && Array.isArray(b) && Array.isArray(o)) {
      const entries = new Map<string, JsonValue>()
      const named = (list: JsonValue[]): Map<string, JsonValue> =>
        new Map(list.map((e) => [String((e as JsonObject)[idKey]), e]))
      const bm = named(b)
      const om = named(o)
      for (const name of new Set([...bm.keys(), ...om.keys()])) {
        const v = pick() ? om.get(name) : bm.get(name)
        if (v !== undefined) entries.set(name, v)
      }
      out[key] = [...entries.values()]
      continue
    }
    const v = pick() ? o : b
    if (v !== undefined) out[key] = v
  }
  return out
}

const sides = fc
  .tuple(
    configArb,
    configArb,
    configArb,
    fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    fc.boolean(),
  )
  .map(([base, h, e, hp, ep, independent]) =>
    independent ? { base, head: h, edit: e } : { base, head: blend(base, h, hp), edit: blend(base, e, ep) },
  )

/** Paths (merge-path notation) where `side` differs from `base`, as deep as both stay objects. */
function changedPaths(
  base: JsonValue | undefined,
  side: JsonValue | undefined,
  path: string[] = [],
): string[][] {
  if (jsonEqual(base, side)) return []
  const isObj = (v: JsonValue | undefined): v is JsonObject =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const idKey = path.length === 1 ? NAMED_LISTS[path[0] as string] : undefined
  if (idKey !== undefined && (base === undefined || Array.isArray(base)) && Array.isArray(side)) {
    const named = (list: JsonValue[]): Map<string, JsonValue> =>
      new Map(list.map((e) => [String((e as JsonObject)[idKey]), e]))
    const b = named(base ?? [])
    const s = named(side)
    return [...new Set([...b.keys(), ...s.keys()])].flatMap((n) =>
      changedPaths(b.get(n), s.get(n), [...path, n]),
    )
  }
  // Added on this side: an object is compared key by key with nothing, as the merge does (two sides
  // adding the same component with different keys both keep their keys).
  if (base === undefined && isObj(side) && Object.keys(side).length > 0) return changedPaths({}, side, path)
  if (isObj(base) && isObj(side)) {
    return [...new Set([...Object.keys(base), ...Object.keys(side)])].flatMap((k) =>
      changedPaths(base[k], side[k], [...path, k]),
    )
  }
  return [path]
}

const prefixOf = (a: readonly string[], b: readonly string[]): boolean => a.every((s, i) => b[i] === s)

function expectNothingLost(base: JsonObject, side: JsonObject, result: MergeResult): void {
  for (const path of changedPaths(base, side)) {
    const inConflict = result.conflicts.some((c) => prefixOf(c.path, path) || prefixOf(path, c.path))
    if (inConflict) continue
    const wanted = valueAtMergePath(side, path)
    const got = valueAtMergePath(result.merged, path)
    // An empty object added here may have gained keys the other side added under the same name.
    const addedEmpty =
      typeof wanted === 'object' &&
      wanted !== null &&
      !Array.isArray(wanted) &&
      Object.keys(wanted).length === 0
    if (addedEmpty && typeof got === 'object' && got !== null && !Array.isArray(got)) continue
    expect(got, path.join('.')).toEqual(wanted)
  }
}

/** Named lists sorted by name, so results that differ only in entry order compare equal. */
function canonical(config: JsonObject): JsonObject {
  const out: JsonObject = { ...config }
  for (const [key, idKey] of Object.entries(NAMED_LISTS)) {
    const list = out[key]
    if (Array.isArray(list))
      out[key] = [...list].sort((a, b) =>
        String((a as JsonObject)[idKey]).localeCompare(String((b as JsonObject)[idKey])),
      )
  }
  return out
}

const RUNS = { numRuns: 400 }

describe('mergeThreeWay properties', () => {
  it('loses no edit: every key changed on either side is in the result or in a conflict', () => {
    fc.assert(
      fc.property(sides, ({ base, head, edit }) => {
        const result = mergeThreeWay(base, head, edit)
        expectNothingLost(base, head, result)
        expectNothingLost(base, edit, result)
      }),
      RUNS,
    )
  })

  it('a conflict holds base, head and edit exactly as they are at its path', () => {
    fc.assert(
      fc.property(sides, ({ base, head, edit }) => {
        for (const c of mergeThreeWay(base, head, edit).conflicts) {
          expect(c.base).toEqual(valueAtMergePath(base, c.path))
          expect(c.head).toEqual(valueAtMergePath(head, c.path))
          expect(c.edit).toEqual(valueAtMergePath(edit, c.path))
          expect(jsonEqual(c.head, c.edit)).toBe(false)
        }
      }),
      RUNS,
    )
  })

  it('merge(x, x, x) is x, and an edit merged with itself changes nothing', () => {
    fc.assert(
      fc.property(sides, ({ base, edit }) => {
        expect(mergeThreeWay(edit, edit, edit)).toEqual({ merged: edit, conflicts: [] })
        const same = mergeThreeWay(base, edit, edit)
        expect(same.conflicts).toEqual([])
        expect(jsonEqual(same.merged, edit)).toBe(true)
      }),
      RUNS,
    )
  })

  it('fast-forward: with head equal to base the result is the edit (and the other way round)', () => {
    fc.assert(
      fc.property(sides, ({ base, edit }) => {
        const forward = mergeThreeWay(base, base, edit)
        expect(forward.conflicts).toEqual([])
        expect(jsonEqual(forward.merged, edit)).toBe(true)
        const untouched = mergeThreeWay(base, edit, base)
        expect(untouched.conflicts).toEqual([])
        expect(jsonEqual(untouched.merged, edit)).toBe(true)
      }),
      RUNS,
    )
  })

  it('is symmetric: swapping head and edit swaps the conflicts and, without conflicts, keeps the result', () => {
    fc.assert(
      fc.property(sides, ({ base, head, edit }) => {
        const one = mergeThreeWay(base, head, edit)
        const two = mergeThreeWay(base, edit, head)
        const swapped = two.conflicts.map((c) => ({ ...c, head: c.edit, edit: c.head }))
        const key = (c: { pathText: string }): string => c.pathText
        expect([...swapped].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
          [...one.conflicts].sort((a, b) => key(a).localeCompare(key(b))),
        )
        if (one.conflicts.length === 0)
          expect(jsonEqual(canonical(one.merged), canonical(two.merged))).toBe(true)
      }),
      RUNS,
    )
  })

  it('re-merging the edit into its own clean result changes nothing', () => {
    fc.assert(
      fc.property(sides, ({ base, head, edit }) => {
        const first = mergeThreeWay(base, head, edit)
        fc.pre(first.conflicts.length === 0)
        const again = mergeThreeWay(base, first.merged, edit)
        expect(again.conflicts).toEqual([])
        expect(jsonEqual(again.merged, first.merged)).toBe(true)
      }),
      RUNS,
    )
  })
})

describe('mergeThreeWay examples', () => {
  const base: JsonObject = {
    components: [
      { name: 'left', model: 'fake', attributes: { max_rpm: 100 } },
      { name: 'arm', model: 'fake' },
    ],
    network: { bind_address: ':8080' },
  }

  it('merges edits to different components and different keys of one component', () => {
    const head: JsonObject = {
      ...base,
      components: [
        { name: 'left', model: 'fake', attributes: { max_rpm: 150 } },
        { name: 'arm', model: 'fake' },
      ],
    }
    const edit: JsonObject = {
      ...base,
      components: [
        { name: 'left', model: 'gpio', attributes: { max_rpm: 100 } },
        { name: 'arm', model: 'fake', attributes: { speed: 2 } },
        { name: 'cam', model: 'fake' },
      ],
    }
    expect(mergeThreeWay(base, head, edit)).toEqual({
      merged: {
        components: [
          { name: 'left', model: 'gpio', attributes: { max_rpm: 150 } },
          { name: 'arm', model: 'fake', attributes: { speed: 2 } },
          { name: 'cam', model: 'fake' },
        ],
        network: { bind_address: ':8080' },
      },
      conflicts: [],
    })
  })

  it('reports the same key changed on both sides with both values and its path', () => {
    const head: JsonObject = {
      ...base,
      components: [
        { name: 'left', attributes: { max_rpm: 150 } },
        { name: 'arm', model: 'fake' },
      ],
    }
    const edit: JsonObject = {
      ...base,
      components: [
        { name: 'left', attributes: { max_rpm: 90 } },
        { name: 'arm', model: 'fake' },
      ],
    }
    const { conflicts } = mergeThreeWay(base, head, edit)
    expect(conflicts).toContainEqual({
      path: ['components', 'left', 'attributes', 'max_rpm'],
      pathText: '$.components[name="left"].attributes.max_rpm',
      base: 100,
      head: 150,
      edit: 90,
    })
  })

  it('a component deleted on one side and changed on the other is a conflict; deleted and untouched is deleted', () => {
    const head: JsonObject = { ...base, components: [{ name: 'arm', model: 'fake' }] }
    const changed: JsonObject = {
      ...base,
      components: [
        { name: 'left', model: 'gpio', attributes: { max_rpm: 100 } },
        { name: 'arm', model: 'fake' },
      ],
    }
    const result = mergeThreeWay(base, head, changed)
    expect(result.conflicts.map((c) => c.pathText)).toEqual(['$.components[name="left"]'])
    expect(result.conflicts[0]?.head).toBeUndefined()
    expect(mergeThreeWay(base, head, base).merged).toEqual(head)
  })

  it('keeps keys such as __proto__ and constructor as plain data', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}') as JsonObject
    const { merged, conflicts } = mergeThreeWay({}, evil, { debug: true })
    expect(conflicts).toEqual([])
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'constructor', 'debug'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
