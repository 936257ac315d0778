import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeEffectiveConfig,
  type FragmentConfigs,
} from '../../../src/shared/config/computeEffectiveConfig'
import type { MachineConfig } from '../../../src/shared/config/machineConfigSchema'

const motor = (
  name: string,
  attributes: Record<string, unknown> = {},
): MachineConfig['components'] & object => [{ name, api: 'rdk:component:motor', model: 'gpio', attributes }]

function effective(machine: MachineConfig, fragments: FragmentConfigs): MachineConfig {
  const result = computeEffectiveConfig(machine, fragments)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.config
}

function lines(machine: MachineConfig, fragments: FragmentConfigs): string[] {
  const result = computeEffectiveConfig(machine, fragments)
  if (result.ok) throw new Error('expected the effective config to be refused')
  return result.errors.map((e) => `${e.path}: ${e.message}`)
}

const rover: MachineConfig = {
  components: [
    {
      name: 'left',
      api: 'rdk:component:motor',
      model: 'gpio',
      attributes: { pins: { a: '12', b: '11', pwm: '33' }, max_rpm: 150 },
    },
    { name: 'right', type: 'motor', model: 'gpio', attributes: { pins: { a: '16', b: '15' } } },
  ],
  services: [{ name: 'nav', api: 'rdk:service:navigation', attributes: { base: 'base' } }],
  modules: [{ name: 'sensor-mod', type: 'registry', module_id: 'acme:sensor', version: 'latest' }],
}

describe('computeEffectiveConfig', () => {
  it('returns the machine config unchanged when it uses no fragments', () => {
    const machine: MachineConfig = { components: motor('m1'), network: { bind_address: ':8080' }, extra: 1 }
    const result = computeEffectiveConfig(machine, {})
    expect(result).toEqual({ ok: true, config: machine, sources: { m1: 'machine' } })
  })

  it('adds fragment resources after the machine ones, records sources, drops the resolved lists', () => {
    const machine: MachineConfig = {
      components: motor('arm-motor'),
      fragments: ['rover', { id: 'cams', version: 3 }],
      fragment_mods: [{ fragment_id: 'rover', mods: [] }],
      cloud: { id: 'part-1' },
    }
    const cams: MachineConfig = { components: [{ name: 'cam', type: 'camera', model: 'webcam' }] }
    const result = computeEffectiveConfig(
      machine,
      new Map([
        ['rover', rover],
        ['cams', cams],
      ]),
    )
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.config.components?.map((c) => c.name)).toEqual(['arm-motor', 'left', 'right', 'cam'])
    expect(result.config.services).toEqual(rover.services)
    expect(result.config.modules).toEqual(rover.modules)
    expect(result.config.cloud).toEqual({ id: 'part-1' })
    expect(result.config).not.toHaveProperty('fragments')
    expect(result.config).not.toHaveProperty('fragment_mods')
    expect(result.sources).toEqual({
      'arm-motor': 'machine',
      left: 'rover',
      right: 'rover',
      nav: 'rover',
      cam: 'cams',
    })
  })

  it('applies $set and $unset by resource name, creating missing objects like MongoDB', () => {
    const machine: MachineConfig = {
      fragments: [{ id: 'rover', version: 'latest' }],
      fragment_mods: [
        {
          fragment_id: 'rover',
          mods: [
            {
              $set: {
                'components.left.attributes.pins.a': '30',
                'components.left.attributes.board': 'local',
              },
            },
            {
              $unset: {
                'components.left.attributes.pins.pwm': 0,
                'components.left.attributes.not_there.x': '',
              },
            },
            { $set: { 'services.nav.frame': { parent: 'world' }, 'modules.sensor-mod.version': '1.8.0' } },
            { $set: { 'components.right.attributes.encoder.ticks': 100 } },
          ],
        },
      ],
    }
    const before = JSON.parse(JSON.stringify(rover)) as MachineConfig
    const config = effective(machine, { rover })
    expect(config.components?.[0]?.attributes).toEqual({
      pins: { a: '30', b: '11' },
      max_rpm: 150,
      board: 'local',
    })
    expect(config.components?.[1]?.attributes).toEqual({
      pins: { a: '16', b: '15' },
      encoder: { ticks: 100 },
    })
    expect(config.services?.[0]?.frame).toEqual({ parent: 'world' })
    expect(config.modules?.[0]?.version).toBe('1.8.0')
    expect(rover).toEqual(before) // the fragment passed in is untouched
  })

  it('keeps addressing a renamed resource by its published name', () => {
    const machine: MachineConfig = {
      fragments: ['rover'],
      fragment_mods: [
        { fragment_id: 'rover', mods: [{ $set: { 'components.left.name': 'port' } }] },
        { fragment_id: 'rover', mods: [{ $set: { 'components.left.attributes.max_rpm': 90 } }] },
      ],
    }
    const result = computeEffectiveConfig(machine, { rover })
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    expect(result.config.components?.[0]).toMatchObject({ name: 'port', attributes: { max_rpm: 90 } })
    expect(result.sources).toEqual({ port: 'rover', right: 'rover', nav: 'rover' })
  })

  it('sets list elements by index and refuses to remove one', () => {
    const fragment: MachineConfig = {
      components: [{ name: 'b', type: 'board', attributes: { analogs: [{ pin: '0' }] } }],
    }
    const ok = effective(
      {
        fragments: ['f'],
        fragment_mods: [
          {
            fragment_id: 'f',
            mods: [
              {
                $set: {
                  'components.b.attributes.analogs.0.pin': '1',
                  'components.b.attributes.analogs.1': { pin: '2' },
                },
              },
            ],
          },
        ],
      },
      { f: fragment },
    )
    expect(ok.components?.[0]?.attributes).toEqual({ analogs: [{ pin: '1' }, { pin: '2' }] })
    expect(
      lines(
        {
          fragments: ['f'],
          fragment_mods: [
            {
              fragment_id: 'f',
              mods: [
                { $unset: { 'components.b.attributes.analogs.0': '' } },
                {
                  $set: {
                    'components.b.attributes.analogs.first.pin': '1',
                    'components.b.attributes.analogs.5': {},
                  },
                },
              ],
            },
          ],
        },
        { f: fragment },
      ),
    ).toEqual([
      '$.fragment_mods[0].mods[0]["$unset"]["components.b.attributes.analogs.0"]: cannot remove one element of a list ("components.b.attributes.analogs.0"); $set the whole list instead',
      '$.fragment_mods[0].mods[1]["$set"]["components.b.attributes.analogs.first.pin"]: "components.b.attributes.analogs.first" addresses a list in fragment "f" by "first", not by a number',
      '$.fragment_mods[0].mods[1]["$set"]["components.b.attributes.analogs.5"]: "components.b.attributes.analogs.5" is past the end of a list of 1 item(s) in fragment "f"',
    ])
  })

  it('fails the whole fragment when any mod cannot apply, reporting each failure', () => {
    const machine: MachineConfig = {
      components: motor('own'),
      fragments: ['rover', 'cams'],
      fragment_mods: [
        {
          fragment_id: 'rover',
          mods: [
            { $set: { 'components.left.attributes.max_rpm': 99 } },
            {
              $set: { 'components.arm1.attributes.speed': 1, 'components.left.attributes.max_rpm.value': 2 },
            },
          ],
        },
      ],
    }
    const cams: MachineConfig = { components: [{ name: 'cam', type: 'camera' }] }
    expect(lines(machine, { rover, cams })).toEqual([
      '$.fragment_mods[0].mods[1]["$set"]["components.arm1.attributes.speed"]: fragment "rover" has no component named "arm1"',
      '$.fragment_mods[0].mods[1]["$set"]["components.left.attributes.max_rpm.value"]: "components.left.attributes.max_rpm" is a number in fragment "rover", so it has no "value"',
    ])
  })

  it('refuses mods that leave the fragment invalid', () => {
    const machine: MachineConfig = {
      fragments: ['rover'],
      fragment_mods: [
        {
          fragment_id: 'rover',
          mods: [{ $set: { 'components.left.attributes': [] } }, { $unset: { 'components.right.name': '' } }],
        },
      ],
    }
    expect(lines(machine, { rover })).toEqual([
      '$.fragment_mods[0]: after these mods, fragment "rover" would be invalid (at $.components[0].attributes in the fragment): expected an object, got an array',
      '$.fragment_mods[0]: after these mods, fragment "rover" would be invalid (at $.components[1] in the fragment): missing "name"',
    ])
  })

  it('reports a name defined in the machine and a fragment, naming both', () => {
    expect(lines({ components: motor('right'), fragments: ['rover'] }, { rover })).toEqual([
      '$.components[0]: name "right" is defined twice: as a component in this machine\'s config and as a component in fragment "rover"',
    ])
  })

  it('reports a name defined in two fragments, at the later fragment', () => {
    const other: MachineConfig = {
      services: [{ name: 'nav', type: 'navigation' }],
      modules: [{ name: 'sensor-mod', executable_path: '/x' }],
    }
    expect(lines({ fragments: ['rover', { id: 'other' }] }, { rover, other })).toEqual([
      '$.fragments[1]: name "nav" is defined twice: as a service in fragment "rover" and as a service in fragment "other"',
      '$.fragments[1]: name "sensor-mod" is defined twice: as a module in fragment "rover" and as a module in fragment "other"',
    ])
  })

  it('reports a rename that collides with another source', () => {
    const machine: MachineConfig = {
      components: motor('port'),
      fragments: ['rover'],
      fragment_mods: [{ fragment_id: 'rover', mods: [{ $set: { 'components.left.name': 'port' } }] }],
    }
    expect(lines(machine, { rover })).toEqual([
      '$.components[0]: name "port" is defined twice: as a component in this machine\'s config and as a component in fragment "rover"',
    ])
  })

  it('lets a component and a service share a name only within one source', () => {
    const generic: MachineConfig = {
      components: [{ name: 'g', type: 'generic' }],
      services: [{ name: 'g', type: 'generic' }],
    }
    expect(computeEffectiveConfig(generic, {}).ok).toBe(true)
    expect(lines({ services: [{ name: 'left', type: 'generic' }], fragments: ['rover'] }, { rover })).toEqual(
      [
        '$.services[0]: name "left" is defined twice: as a component in fragment "rover" and as a service in this machine\'s config',
      ],
    )
  })

  it('reports fragments that are missing or nested, and mods for unused fragments', () => {
    expect(
      lines(
        {
          fragments: ['gone', { id: 'old', version: '4' }, 'nested'],
          fragment_mods: [{ fragment_id: 'stray', mods: [] }],
        },
        { nested: { fragments: ['rover'] } },
      ),
    ).toEqual([
      '$.fragment_mods[0].fragment_id: fragment "stray" is not in "fragments"; add it there or remove these mods',
      '$.fragments[0]: fragment "gone" (revision latest) is not available; load it first',
      '$.fragments[1]: fragment "old" (revision 4) is not available; load it first',
      '$.fragments[2]: fragment "nested" itself uses fragments, which are not supported yet',
    ])
  })

  it('refuses a "__proto__" key in a mod path instead of touching any prototype', () => {
    const machine: MachineConfig = {
      fragments: ['rover'],
      fragment_mods: [
        { fragment_id: 'rover', mods: [{ $set: { 'components.left.attributes.__proto__.polluted': 1 } }] },
      ],
    }
    expect(lines(machine, { rover })).toEqual([
      '$.fragment_mods[0]: after these mods, fragment "rover" would be invalid (at $.components[0].attributes.__proto__ in the fragment): "__proto__" cannot be used as a key',
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

// Properties: names are drawn unique, then split between the machine and the fragments.
const nameArb = fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/)
const keyArb = fc.stringMatching(/^[a-z_]{1,6}$/)
const valueArb = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null))
const setupArb = fc
  .record({
    names: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 12 }),
    cuts: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    attributes: fc.dictionary(keyArb, valueArb, { maxKeys: 4 }),
  })
  .map(({ names, cuts, attributes }) => {
    // Owners: 0 is the machine, 1..3 are fragments f1..f3.
    const owner = (i: number): number => cuts.filter((cut) => cut % names.length <= i).length
    const resource = (name: string): Record<string, unknown> => ({
      name,
      type: 'motor',
      model: 'fake',
      attributes: { ...attributes },
    })
    const byOwner = [0, 1, 2, 3].map((o) => names.filter((_, i) => owner(i) === o).map(resource))
    const fragments: Record<string, MachineConfig> = {
      f1: { components: byOwner[1] as MachineConfig['components'] },
      f2: { components: byOwner[2] as MachineConfig['components'] },
      f3: { components: byOwner[3] as MachineConfig['components'] },
    }
    const machine: MachineConfig = {
      components: byOwner[0] as MachineConfig['components'],
      fragments: ['f1', 'f2', { id: 'f3' }],
    }
    return { names, owner, machine, fragments, attributes }
  })

describe('computeEffectiveConfig properties', () => {
  it('with no mods, is the union of machine and fragment resources, each from its source', () => {
    fc.assert(
      fc.property(setupArb, ({ machine, fragments }) => {
        const result = computeEffectiveConfig(machine, fragments)
        if (!result.ok) throw new Error(JSON.stringify(result.errors))
        const expected = [machine, fragments.f1, fragments.f2, fragments.f3].flatMap(
          (c) => c?.components ?? [],
        )
        expect(result.config.components).toEqual(expected)
        for (const [name, source] of Object.entries(result.sources)) {
          const holder = source === 'machine' ? machine : fragments[source]
          expect(holder?.components?.some((c) => c.name === name)).toBe(true)
        }
        expect(Object.keys(result.sources).sort()).toEqual(expected.map((c) => c.name).sort())
      }),
    )
  })

  it('$set then $unset of a fresh key is the identity', () => {
    const withTarget = setupArb.filter(({ fragments }) => (fragments.f1?.components ?? []).length > 0)
    fc.assert(
      fc.property(withTarget, fc.nat(), keyArb, valueArb, ({ machine, fragments }, pick, key, value) => {
        const targets = fragments.f1?.components ?? []
        const target = targets[pick % targets.length]
        if (!target) throw new Error('filtered above')
        const fresh = `fresh_${key}`
        const path = `components.${target.name}.attributes.${fresh}`
        const modded: MachineConfig = {
          ...machine,
          fragment_mods: [
            { fragment_id: 'f1', mods: [{ $set: { [path]: value } }, { $unset: { [path]: '' } }] },
          ],
        }
        expect(effective(modded, fragments)).toEqual(effective(machine, fragments))
      }),
    )
  })

  it('never changes its inputs', () => {
    fc.assert(
      fc.property(setupArb, keyArb, valueArb, ({ machine, fragments, names }, key, value) => {
        const modded: MachineConfig = {
          ...machine,
          fragment_mods: [
            {
              fragment_id: 'f2',
              mods: [{ $set: { [`components.${names[0] ?? 'x'}.attributes.${key}`]: value } }],
            },
          ],
        }
        const before = JSON.stringify([modded, fragments])
        computeEffectiveConfig(modded, fragments)
        expect(JSON.stringify([modded, fragments])).toBe(before)
      }),
    )
  })
})
