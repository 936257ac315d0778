import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateMachineConfig } from '../../../src/shared/config/machineConfigSchema'
import { planConfigSave } from '../../../src/main/core/planConfigSave'

/** An object from entries, in a random order of its keys. */
const shuffled = (entries: Array<[string, fc.Arbitrary<unknown>]>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(...entries.map(([key, value]) => value.map((v) => [key, v] as const)))
    .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }))
    .map((pairs) => Object.fromEntries(pairs))

// Keys a person might add that the schema does not know, never integer-like (JavaScript orders
// those first in any object, before the core sees it) and never "__proto__".
const extraKey = fc.stringMatching(/^[a-z][a-z_]{0,8}$/).map((k) => `x_${k}`)
// "__proto__" is refused by the schema (it would vanish from the object), so none is generated.
const json = fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'))
const extras = fc.dictionary(extraKey, json, { maxKeys: 3 })
const withExtras = (base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(base, extras)
    .chain(([object, more]) =>
      shuffled(Object.entries({ ...more, ...object }).map(([k, v]) => [k, fc.constant(v)])),
    )

const resource = (kind: 'component' | 'service', name: string): fc.Arbitrary<Record<string, unknown>> =>
  withExtras(
    shuffled([
      ['name', fc.constant(name)],
      ['api', fc.constantFrom(`rdk:${kind}:motor`, `rdk:${kind}:camera`, `acme:${kind}:thing`)],
      ['model', fc.constantFrom('fake', 'rdk:builtin:fake')],
      ['attributes', fc.dictionary(extraKey, json, { maxKeys: 4 })],
    ]),
  )

const resources = (kind: 'component' | 'service'): fc.Arbitrary<Array<Record<string, unknown>>> =>
  fc
    .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { maxLength: 5 })
    .chain((names) => fc.tuple(...names.map((n) => resource(kind, n))))

/** Valid machine configs, keys in any order at every level, with unknown keys mixed in. */
const validConfig = withExtras(
  shuffled([
    ['components', resources('component')],
    ['services', resources('service')],
    [
      'network',
      shuffled([
        ['bind_address', fc.constant('0.0.0.0:8080')],
        ['fqdn', fc.constant('arm.local')],
      ]),
    ],
    ['debug', fc.boolean()],
  ]),
)

describe('planConfigSave', () => {
  it('stores a valid config as written: the same JSON text, key order included', () => {
    fc.assert(
      fc.property(validConfig, fc.nat(50), (config, revision) => {
        const text = JSON.stringify(config)
        const plan = planConfigSave({
          baseRevision: revision,
          cachedRevision: revision,
          machineName: 'arm',
          config,
        })
        expect(plan.ok).toBe(true)
        if (!plan.ok) return
        expect(JSON.stringify(plan.config)).toBe(text)
        // Stored is a copy, so the caller's object may change afterwards, and it is valid as stored.
        expect(plan.config).not.toBe(config)
        expect(validateMachineConfig(plan.config).ok).toBe(true)
        expect(JSON.stringify(config)).toBe(text)
      }),
      { numRuns: 300 },
    )
  })

  it('accepts a base revision up to the cached one and refuses a newer one, whatever the config', () => {
    fc.assert(
      fc.property(validConfig, fc.nat(1000), fc.nat(1000), (config, baseRevision, cachedRevision) => {
        const plan = planConfigSave({ baseRevision, cachedRevision, machineName: 'arm-7', config })
        expect(plan.ok).toBe(baseRevision <= cachedRevision)
        if (!plan.ok) {
          expect(plan.message).toBe(
            `Base revision ${baseRevision} is newer than the cached revision ${cachedRevision} of arm-7.`,
          )
        }
      }),
      { numRuns: 300 },
    )
  })

  it('saves nothing of an invalid config and reports every problem with its path', () => {
    fc.assert(
      fc.property(validConfig, fc.constantFrom(7, 'motor', null, [1]), (config, badApi) => {
        const broken = { ...config, components: [{ name: 'x', api: badApi }, { model: 'fake' }] }
        const plan = planConfigSave({
          baseRevision: 1,
          cachedRevision: 1,
          machineName: 'arm',
          config: broken,
        })
        expect(plan.ok).toBe(false)
        if (plan.ok) return
        expect(plan.message).toMatch(/^The config has \d+ errors?; nothing was saved\.$/)
        const paths = (plan.fieldErrors ?? []).map((e) => e.path)
        expect(paths.some((p) => p.startsWith('$.components[0]'))).toBe(true)
        expect(paths.some((p) => p.startsWith('$.components[1]'))).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('validates the JSON that is stored, not a value JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = { components: [] }
    cyclic.self = cyclic
    expect(
      planConfigSave({ baseRevision: 0, cachedRevision: 0, machineName: 'a', config: cyclic }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The config is not JSON \(.*\); nothing was saved\.$/),
    })
    expect(
      planConfigSave({ baseRevision: 0, cachedRevision: 0, machineName: 'a', config: 10n }),
    ).toMatchObject({
      ok: false,
    })
    expect(
      planConfigSave({ baseRevision: 0, cachedRevision: 0, machineName: 'a', config: undefined }),
    ).toMatchObject({
      ok: false,
      message: 'The config is not JSON (there is no value); nothing was saved.',
    })
    // A value JSON drops (undefined) is validated as absent, exactly as it will be read back.
    const plan = planConfigSave({
      baseRevision: 0,
      cachedRevision: 0,
      machineName: 'a',
      config: { components: [], debug: undefined, zz: 1 },
    })
    expect(plan).toEqual({ ok: true, config: { components: [], zz: 1 } })
  })
})
