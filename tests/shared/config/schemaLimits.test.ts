import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_CONFIG_DEPTH } from '../../../src/shared/config/checkConfigShape'
import { formatJsonPath, type JsonPathSegment } from '../../../src/shared/config/formatJsonPath'
import { validateMachineConfig, type ValidationResult } from '../../../src/shared/config/machineConfigSchema'
import { checkConfigText } from '../../../src/renderer/src/configure/checkConfigText'

// The schema on inputs at and past its bounds: deep, wide and large. Each is either accepted or
// refused with a path, in bounded time, and never throws (a RangeError from a recursive walk used to
// come back from the core as an "internal" error with no path).

const motor = (name: string, attributes: unknown = {}): Record<string, unknown> => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes,
})

/** A chain of `levels` containers, each an object ({key: ...}) or an array ([...]), ending in 1. */
function chain(kinds: readonly ('object' | 'array')[], key = 'a'): unknown {
  let value: unknown = 1
  for (let i = kinds.length - 1; i >= 0; i--) value = kinds[i] === 'array' ? [value] : { [key]: value }
  return value
}

function chainSegments(kinds: readonly ('object' | 'array')[], key = 'a'): JsonPathSegment[] {
  return kinds.map((k) => (k === 'array' ? 0 : key))
}

/** Runs the check and measures it; the bound is generous: a loaded CI machine must not fail it. */
function timed(input: unknown): { result: ValidationResult; ms: number } {
  const start = performance.now()
  const result = validateMachineConfig(input)
  return { result, ms: performance.now() - start }
}

const BOUND_MS = 10_000

function expectRefusedAt(result: ValidationResult, path: string): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.errors).toContainEqual({
    path,
    message: `nested too deeply: objects and arrays may nest at most ${MAX_CONFIG_DEPTH} levels in a machine config`,
  })
}

describe('machine config depth limit', () => {
  // Root object (1) > components (2) > the component (3) > attributes (4): attributes' chain adds the rest.
  const attributesAt = ['components', 0, 'attributes'] as const

  it('refuses a config nested 2,000 levels deep with the path where it passes the limit', () => {
    const kinds = Array.from({ length: 2000 }, () => 'object' as const)
    const { result, ms } = timed({ components: [motor('m', chain(kinds))] })
    // attributes is level 4, so the object at level MAX + 1 is `MAX + 1 - 4` keys below it.
    const tooDeep = [...attributesAt, ...chainSegments(kinds.slice(0, MAX_CONFIG_DEPTH + 1 - 4))]
    expectRefusedAt(result, formatJsonPath(tooDeep))
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('accepts nesting exactly at the limit and refuses one level more', () => {
    // The chain's first object is attributes itself, at level 4.
    const at = Array.from({ length: MAX_CONFIG_DEPTH - 3 }, () => 'object' as const)
    expect(validateMachineConfig({ components: [motor('m', chain(at))] }).ok).toBe(true)
    const over = [...at, 'array' as const]
    expectRefusedAt(
      validateMachineConfig({ components: [motor('m', chain(over))] }),
      formatJsonPath([...attributesAt, ...chainSegments(over.slice(0, -1))]),
    )
  })

  it('refuses 100,000 nested arrays under an unknown top-level key without overflowing', () => {
    const kinds = Array.from({ length: 100_000 }, () => 'array' as const)
    const { result, ms } = timed({ extra: chain(kinds) })
    expectRefusedAt(result, formatJsonPath(['extra', ...chainSegments(kinds.slice(0, MAX_CONFIG_DEPTH - 1))]))
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('on random chains anywhere in the config: accepted exactly when within the limit, else refused at the first level past it', () => {
    const kindArb = fc.constantFrom('object' as const, 'array' as const)
    const placeArb = fc.constantFrom(
      { at: ['components', 0, 'attributes'] as JsonPathSegment[], depth: 4 },
      { at: ['services', 0, 'attributes'] as JsonPathSegment[], depth: 4 },
      { at: ['agent_config'] as JsonPathSegment[], depth: 2 },
      { at: ['my_own_key'] as JsonPathSegment[], depth: 2 },
    )
    fc.assert(
      fc.property(
        placeArb,
        // A length drawn first: fc.array alone keeps arrays short whatever maxLength says.
        fc.integer({ min: 1, max: 3000 }).chain((n) => fc.array(kindArb, { minLength: n, maxLength: n })),
        fc.constantFrom('a', 'b-c', '$set'),
        (place, kinds, key) => {
          // The first container of the chain is the value at the place itself (an object for attributes).
          const chained = [...kinds]
          if (place.depth === 4 || place.at[0] === 'agent_config') chained[0] = 'object'
          const holder = chain(chained, key)
          const [section] = place.at
          const config =
            section === 'components' || section === 'services'
              ? { [section]: [{ ...motor('r'), attributes: holder }] }
              : { [section as string]: holder }
          const deepest = place.depth + chained.length - 1
          const result = validateMachineConfig(config)
          if (deepest <= MAX_CONFIG_DEPTH) {
            expect(result).toMatchObject({ ok: true })
            return
          }
          // The container at index i of the chain sits at level place.depth + i.
          const below = chainSegments(chained.slice(0, MAX_CONFIG_DEPTH + 1 - place.depth), key)
          expectRefusedAt(result, formatJsonPath([...place.at, ...below]))
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('wide and large configs', () => {
  it('accepts 10,000 components with distinct names in bounded time', () => {
    const components = Array.from({ length: 10_000 }, (_, i) => motor(`motor${i}`, { pin: i }))
    const { result, ms } = timed({ components })
    expect(result.ok).toBe(true)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('refuses 10,000 components sharing names with a path for each clash', () => {
    const components = Array.from({ length: 10_000 }, (_, i) => motor(`motor${i % 5000}`))
    const { result, ms } = timed({ components })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(10_000) // both places of each of the 5,000 clashes
    for (const e of result.errors) expect(e.path).toMatch(/^\$\.components\[\d+\]\.name$/)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('accepts a 5 MB config, and refuses one with a bad entry at its end by path', () => {
    const blob = 'x'.repeat(1000)
    const components = Array.from({ length: 5000 }, (_, i) => motor(`m${i}`, { note: blob }))
    expect(JSON.stringify({ components }).length).toBeGreaterThan(5_000_000)
    const good = timed({ components })
    expect(good.result.ok).toBe(true)
    expect(good.ms).toBeLessThan(BOUND_MS)
    const bad = timed({ components: [...components, { name: '', api: 'rdk:component:motor' }] })
    expect(bad.result).toMatchObject({
      ok: false,
      errors: [{ path: '$.components[5000].name', message: 'must not be empty' }],
    })
    expect(bad.ms).toBeLessThan(BOUND_MS)
  })

  it('on random wide and deep JSON anywhere: a result with paths, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.jsonValue({ maxDepth: 8 }), (a, b) => {
        for (const input of [a, { components: [a, b] }, { services: a, agent_config: b }, { x: a }]) {
          const result = validateMachineConfig(input)
          if (!result.ok) for (const e of result.errors) expect(e.path).toMatch(/^\$/)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe("the renderer's config check", () => {
  it('answers a 2,000-deep config text with the error and its path, not a crash', () => {
    const depth = 2000
    const text = `{"components":[{"name":"m","api":"rdk:component:motor","attributes":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`
    const check = checkConfigText(text)
    expect(check.kind).toBe('invalid')
    if (check.kind !== 'invalid') return
    expect(check.errors[0]?.path).toMatch(/^\$\.components\[0\]\.attributes(\.a)+$/)
  })

  it('answers 1,000,000 nested arrays with a result', () => {
    const depth = 1_000_000
    const check = checkConfigText(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    expect(check.kind).not.toBe('valid')
  })
})
