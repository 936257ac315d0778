import { describe, expect, it } from 'vitest'
import {
  listResources,
  machineConfigJsonSchema,
  MachineConfigSchema,
  resourceApi,
  validateMachineConfig,
} from '../../../src/shared/config/machineConfigSchema'
import type { FieldError } from '../../../src/shared/errors/CoreError'

function errorsOf(input: unknown): FieldError[] {
  const result = validateMachineConfig(input)
  if (result.ok) throw new Error('expected the config to be refused')
  return result.errors
}

/** Errors as `path: message` lines, the way the UI shows them. */
function lines(input: unknown): string[] {
  return errorsOf(input).map((e) => `${e.path}: ${e.message}`)
}

const motor = { name: 'motor1', api: 'rdk:component:motor', model: 'fake' }

describe('validateMachineConfig: accepted shapes', () => {
  it('accepts an empty config', () => {
    expect(validateMachineConfig({})).toEqual({ ok: true, config: {} })
  })

  it('accepts api, namespace + type, and type alone', () => {
    const config = {
      components: [
        motor,
        { name: 'cam', namespace: 'rdk', type: 'camera', model: 'webcam' },
        { name: 'base', type: 'base', model: 'fake' },
        { name: 'gizmo', api: { namespace: 'acme', type: 'component', subtype: 'gizmo' } },
      ],
      services: [{ name: 'nav', type: 'navigation' }],
    }
    const result = validateMachineConfig(config)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(listResources(result.config).map((r) => r.api)).toEqual([
      'rdk:component:motor',
      'rdk:component:camera',
      'rdk:component:base',
      'acme:component:gizmo',
      'rdk:service:navigation',
    ])
  })

  it('keeps unknown keys at every level', () => {
    const config = {
      future_top_level: { a: [1, 2] },
      components: [{ ...motor, host: '10.0.0.1', frame: { parent: 'world', wobble: true } }],
      fragments: [{ id: 'f1', version: '3', variables: { ip: '1.2.3.4' } }, 'f2'],
      fragment_mods: [{ fragment_id: 'f1', note: 'x', mods: [{ $set: { 'components.m.attributes.x': 1 } }] }],
      modules: [{ name: 'm', type: 'registry', module_id: 'acme:m', version: '^1', first_run_timeout: '5m' }],
    }
    const result = validateMachineConfig(config)
    expect(result).toEqual({ ok: true, config })
    if (result.ok) expect(result.config).toStrictEqual(config)
  })

  it('accepts fragment versions as revision strings, integers or "latest"', () => {
    const config = {
      fragments: [
        'a',
        { id: 'b' },
        { id: 'c', version: 'latest' },
        { id: 'd', version: 12 },
        { id: 'e', version: '7' },
      ],
    }
    expect(validateMachineConfig(config).ok).toBe(true)
  })

  it('accepts log levels in any case', () => {
    const config = {
      components: [{ ...motor, log_configuration: { level: 'WARN' } }],
      log: [{ pattern: 'rdk.*', level: 'Debug' }],
    }
    expect(validateMachineConfig(config).ok).toBe(true)
  })
})

describe('validateMachineConfig: refused configs', () => {
  it('refuses a root that is not an object', () => {
    for (const root of [null, 5, 'config', [], [motor], true]) {
      expect(errorsOf(root)).toEqual([
        { path: '$', message: expect.stringContaining('expected a JSON object') },
      ])
    }
  })

  it('reports a missing name on the resource that lacks it', () => {
    expect(lines({ components: [motor, { api: 'rdk:component:motor' }] })).toEqual([
      '$.components[1]: missing "name"',
    ])
  })

  it('reports an empty name', () => {
    expect(lines({ services: [{ name: '', type: 'vision' }] })).toEqual([
      '$.services[0].name: must not be empty',
    ])
  })

  it('explains a malformed api', () => {
    const components = ['m0', 'm1', 'm2'].map((name) => ({ ...motor, name }))
    expect(lines({ components: [...components, { name: 'm3', api: 'motor' }] })).toEqual([
      '$.components[3].api: expected "namespace:type:subtype" such as "rdk:component:motor"',
    ])
  })

  it('requires api or type', () => {
    expect(lines({ components: [{ name: 'x', model: 'fake' }] })).toEqual([
      '$.components[0]: missing "api" (e.g. "rdk:component:motor") or the older "type"',
    ])
  })

  it('reports wrong types with the value found', () => {
    expect(
      lines({
        components: [{ ...motor, attributes: [], depends_on: 'board1' }],
        services: {},
        debug: 'yes',
        network: { bind_address: 8080 },
      }),
    ).toEqual([
      '$.components[0].attributes: expected an object, got an array',
      '$.components[0].depends_on: expected an array, got the string "board1"',
      '$.services: expected an array, got an object',
      '$.network.bind_address: expected a string, got the number 8080',
      '$.debug: expected true or false, got the string "yes"',
    ])
  })

  it('reports the path of a deep problem', () => {
    const deep = { ...motor, name: 'm3', frame: { parent: 'world', translation: { x: 'far' } } }
    expect(lines({ components: [motor, { ...motor, name: 'm2' }, deep] })).toEqual([
      '$.components[2].frame.translation.x: expected a number, got the string "far"',
    ])
  })

  it('reports every error at once, in every section', () => {
    const errors = errorsOf({
      components: [{ type: 'motor' }, 7, { name: 'ok', api: 'bad' }],
      services: [{ name: 's' }],
      remotes: [{ name: 'r' }],
      modules: [{ name: 'm', type: 'registry' }, { name: 'l' }],
      packages: [{ name: 'p' }],
      processes: [{ id: 'p1' }],
      fragments: [{ version: 'latest' }, { id: 'f', version: 'newest' }, 3],
      log: [{ pattern: 'x', level: 'loud' }],
    })
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '$.components[0]', message: 'missing "name"' },
        { path: '$.components[1]', message: 'expected an object, got the number 7' },
        { path: '$.components[2].api', message: expect.stringContaining('namespace:type:subtype') },
        { path: '$.services[0]', message: expect.stringContaining('missing "api"') },
        { path: '$.remotes[0]', message: 'missing "address"' },
        { path: '$.modules[0]', message: 'missing "module_id"' },
        { path: '$.modules[1]', message: 'missing "executable_path"' },
        { path: '$.packages[0]', message: 'missing "package"' },
        { path: '$.processes[0]', message: 'missing "name"' },
        { path: '$.fragments[0]', message: 'missing "id"' },
        { path: '$.fragments[1].version', message: 'expected a revision number or "latest"' },
        { path: '$.fragments[2]', message: expect.stringContaining('expected a fragment id') },
        { path: '$.log[0].level', message: expect.stringContaining('expected a log level') },
      ]),
    )
    expect(errors).toHaveLength(13)
  })

  it('reports duplicate names at both places, within components and within services', () => {
    expect(
      lines({
        components: [motor, { ...motor, name: 'b' }, motor],
        services: [
          { name: 'v', type: 'vision' },
          { name: 'v', api: 'rdk:service:vision' },
        ],
      }),
    ).toEqual([
      '$.components[0].name: name "motor1" is also used at $.components[2]',
      '$.components[2].name: name "motor1" is already used at $.components[0]',
      '$.services[0].name: name "v" is also used at $.services[1]',
      '$.services[1].name: name "v" is already used at $.services[0]',
    ])
  })

  it('allows a component and a service to share a name, as viam-server does', () => {
    expect(
      validateMachineConfig({
        components: [{ name: 'g', type: 'generic' }],
        services: [{ name: 'g', type: 'generic' }],
      }).ok,
    ).toBe(true)
  })

  it('reports duplicate process ids and repeated fragments', () => {
    expect(
      lines({
        processes: [
          { id: '1', name: 'a' },
          { id: '1', name: 'b' },
        ],
        fragments: ['f', { id: 'f' }],
      }),
    ).toEqual([
      '$.processes[0].id: id "1" is also used at $.processes[1]',
      '$.processes[1].id: id "1" is already used at $.processes[0]',
      '$.fragments[1]: fragment "f" is already listed at $.fragments[0]',
    ])
  })

  it('checks fragment mods: operators, paths and the fragment they name', () => {
    expect(
      lines({
        fragments: ['f1'],
        fragment_mods: [
          {
            fragment_id: 'f1',
            mods: [
              { $rename: { a: 'b' } },
              { $set: { 'components.arm1': {}, 'widgets.a.b': 1 } },
              { $unset: { 'services.nav.attributes.x': '' } },
            ],
          },
          { fragment_id: 'f2', mods: [] },
          { mods: 'all' },
        ],
      }),
    ).toEqual([
      '$.fragment_mods[0].mods[0]: expected "$set" or "$unset"',
      '$.fragment_mods[0].mods[0]["$rename"]: only "$set" and "$unset" are supported, not "$rename"',
      expect.stringMatching(
        /^\$\.fragment_mods\[0\]\.mods\[1\]\["\$set"\]\["components\.arm1"\]: expected a path like/,
      ),
      expect.stringMatching(
        /^\$\.fragment_mods\[0\]\.mods\[1\]\["\$set"\]\["widgets\.a\.b"\]: expected a path like/,
      ),
      '$.fragment_mods[2]: missing "fragment_id"',
      '$.fragment_mods[2].mods: expected an array, got the string "all"',
      '$.fragment_mods[1].fragment_id: fragment "f2" is not in "fragments"; add it there or remove these mods',
    ])
  })

  it('refuses a "__proto__" key rather than silently dropping it', () => {
    const input: unknown = JSON.parse(
      '{"components": [{"name": "m", "type": "motor", "attributes": {"__proto__": {}}}]}',
    )
    expect(lines(input)).toEqual([
      '$.components[0].attributes.__proto__: "__proto__" cannot be used as a key',
    ])
  })

  it('the zod schema itself refuses what validateMachineConfig refuses', () => {
    expect(MachineConfigSchema.safeParse({ components: [motor, motor] }).success).toBe(false)
    expect(MachineConfigSchema.safeParse({ components: [{ name: 'x' }] }).success).toBe(false)
  })
})

describe('resourceApi', () => {
  it('normalizes both forms, using the list kind for the older one', () => {
    expect(resourceApi({ name: 'a', api: 'acme:component:gizmo', type: 'ignored' })).toBe(
      'acme:component:gizmo',
    )
    expect(resourceApi({ name: 'a', type: 'motor' })).toBe('rdk:component:motor')
    expect(resourceApi({ name: 'a', namespace: 'acme', type: 'gizmo' })).toBe('acme:component:gizmo')
    expect(resourceApi({ name: 'a', type: 'vision' }, 'service')).toBe('rdk:service:vision')
    expect(resourceApi({ name: 'a', type: 'generic' }, 'service')).toBe('rdk:service:generic')
  })

  it('without a kind, counts built-in service subtypes as services', () => {
    expect(resourceApi({ name: 'a', type: 'navigation' })).toBe('rdk:service:navigation')
    expect(resourceApi({ name: 'a', namespace: 'rdk', type: 'data_manager' })).toBe(
      'rdk:service:data_manager',
    )
    expect(resourceApi({ name: 'a', type: 'generic' })).toBe('rdk:component:generic')
    expect(resourceApi({ name: 'a', namespace: 'acme', type: 'vision' })).toBe('acme:component:vision')
  })
})

describe('machineConfigJsonSchema', () => {
  const schema = machineConfigJsonSchema()
  const properties = schema.properties as Record<string, Record<string, unknown>>

  it('is a draft-07 schema allowing additional properties', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema.type).toBe('object')
    expect(schema.additionalProperties).toEqual({})
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema)
  })

  it('describes the main fields for hover and completion', () => {
    for (const key of [
      'components',
      'services',
      'fragments',
      'fragment_mods',
      'modules',
      'packages',
      'processes',
      'remotes',
    ]) {
      expect(properties[key]?.description, key).toEqual(expect.any(String))
    }
    const resource = (properties.components?.items ?? {}) as Record<string, unknown>
    const fields = resource.properties as Record<string, Record<string, unknown>>
    expect(resource.additionalProperties).toEqual({})
    expect(resource.required).toEqual(['name'])
    for (const key of ['name', 'api', 'type', 'model', 'attributes', 'depends_on']) {
      expect(fields[key]?.description, key).toEqual(expect.any(String))
    }
    expect(fields.api?.examples).toContain('rdk:component:motor')
  })
})
