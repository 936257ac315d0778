import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyJsonPatch, diffJson, type JsonValue } from '../../../src/main/cache/configPatch'
import { decodeHistory, encodeHistory, groupRevisionsByPart } from '../../../src/main/cache/partHistory'
import type { Revision } from '../../../src/shared/domain/model'
import type { PartId } from '../../../src/shared/ids'
import { config } from './cacheTestKit'

const roundTrip = (a: JsonValue, b: JsonValue): JsonValue =>
  applyJsonPatch(JSON.parse(JSON.stringify(a)) as JsonValue, JSON.parse(JSON.stringify(diffJson(a, b))))

/** A JSON value and a variant of it with some leaves changed, keys added/removed, arrays resized. */
const similarPair = fc.jsonValue({ maxDepth: 4 }).chain((a) =>
  fc
    .tuple(
      fc.constant(a as unknown as JsonValue),
      fc.jsonValue({ maxDepth: 2 }),
      fc.nat(),
      fc.string({ maxLength: 3 }),
    )
    .map(([base, rawOther, seed, key]) => {
      const other = rawOther as unknown as JsonValue
      const b = JSON.parse(JSON.stringify(base)) as JsonValue
      // Walk to a pseudo-random container and change something in it.
      let node: JsonValue = b
      let n = seed
      while (typeof node === 'object' && node !== null) {
        const keys = Object.keys(node)
        if (keys.length === 0 || n % 3 === 0) break
        const next: JsonValue = (node as Record<string, JsonValue>)[
          keys[n % keys.length] as string
        ] as JsonValue
        if (typeof next !== 'object' || next === null) break
        node = next
        n = Math.floor(n / 3)
      }
      if (Array.isArray(node)) {
        if (n % 2) node.push(other)
        else node.pop()
      } else if (typeof node === 'object' && node !== null) {
        const obj = node as Record<string, JsonValue>
        if (n % 2 && Object.keys(obj).length > 0) delete obj[Object.keys(obj)[0] as string]
        else obj[key] = other
      }
      return [base, b] as [JsonValue, JsonValue]
    }),
)

describe('diffJson / applyJsonPatch', () => {
  it('turns any JSON value into any other, exactly (key order included)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (a, b) => {
        expect(JSON.stringify(roundTrip(a as unknown as JsonValue, b as unknown as JsonValue))).toBe(
          JSON.stringify(b),
        )
      }),
      { numRuns: 500 },
    )
  })

  it('reproduces similar values exactly with small patches', () => {
    fc.assert(
      fc.property(similarPair, ([a, b]) => {
        expect(JSON.stringify(roundTrip(a, b))).toBe(JSON.stringify(b))
      }),
      { numRuns: 1000 },
    )
  })

  it('is empty for equal values and small for one changed leaf', () => {
    expect(diffJson(config(1) as JsonValue, config(1) as JsonValue)).toEqual([])
    expect(diffJson(config(1) as JsonValue, config(2) as JsonValue)).toEqual([
      [['components', 1, 'attributes', 'max_rpm'], 102],
    ])
  })

  it('keeps key order when keys move, and handles integer-like and __proto__ keys', () => {
    const cases: Array<[JsonValue, JsonValue]> = [
      [
        { a: 1, b: 2, c: 3 },
        { c: 3, a: 1, b: 2 },
      ],
      [
        { a: 1, b: 2 },
        { a: 1, z: 0, b: 2 },
      ],
      [{ b: 1 }, { b: 1, '1': 2 }],
      [
        { x: 1, '2': 1, '10': 1 },
        { '10': 2, x: 1 },
      ],
      [JSON.parse('{"a":1}') as JsonValue, JSON.parse('{"a":1,"__proto__":{"x":1}}') as JsonValue],
      [JSON.parse('{"__proto__":{"x":1}}') as JsonValue, JSON.parse('{"__proto__":{"x":2}}') as JsonValue],
      [
        [1, 2, 3],
        [1, 2],
      ],
      [{ a: [1] }, { a: { '0': 1 } }],
      [null, { a: 1 }],
    ]
    for (const [a, b] of cases) {
      const result = roundTrip(a, b)
      expect(JSON.stringify(result)).toBe(JSON.stringify(b))
      expect(Object.getPrototypeOf(result)).toBe(Object.getPrototypeOf(b))
    }
  })
})

describe('part history encoding', () => {
  const revs = (n: number, part = 'p1'): Revision[] =>
    Array.from({ length: n }, (_, i) => ({
      partId: part as PartId,
      revision: i + 1,
      author: 'a',
      createdAt: '2026-01-01T00:00:00.000Z',
      source: 'hub' as const,
      config: config(i % 3, i === 4 ? { big: 'x'.repeat(2000) } : {}),
    }))

  it('stores the newest in full and older ones as patches, and decodes each revision exactly', () => {
    const newestFirst = revs(8).reverse()
    const stored = encodeHistory(newestFirst)
    expect(stored[0]?.config).not.toBeNull()
    expect(stored.slice(1).filter((s) => s.patch !== null).length).toBeGreaterThanOrEqual(6)
    stored.forEach((_, i) => {
      expect(JSON.stringify(decodeHistory(stored.slice(0, i + 1)))).toBe(
        JSON.stringify(newestFirst[i]?.config),
      )
    })
  })

  it('stores a rewrite as a full config when the patch would be larger', () => {
    const small = { a: 1 }
    const big = { b: 'y'.repeat(3000), c: [1, 2, 3] }
    const history: Revision[] = [
      { ...revs(1)[0], revision: 2, config: small } as Revision,
      { ...revs(1)[0], revision: 1, config: big } as Revision,
    ]
    const stored = encodeHistory(history)
    expect(stored[1]?.config).toBe(JSON.stringify(big))
    expect(decodeHistory(stored)).toEqual(big)
  })

  it('groups by part, newest first, deduplicated and limited', () => {
    const all = [...revs(25, 'p1'), ...revs(3, 'p2'), { ...revs(1, 'p2')[0], author: 'later' } as Revision]
    const groups = groupRevisionsByPart(all.reverse(), 20)
    expect(groups.map((g) => g.map((r) => r.revision))).toEqual([
      [3, 2, 1],
      Array.from({ length: 20 }, (_, i) => 25 - i),
    ])
    expect(groups[0]?.[2]?.author).toBe('a')
  })
})
