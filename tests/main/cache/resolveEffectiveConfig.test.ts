import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MachineConfig } from '../../../src/shared/config/machineConfigSchema'
import type { FragmentId, OrgId } from '../../../src/shared/ids'
import { fragmentsWanted, resolveEffectiveConfig } from '../../../src/main/cache/resolveEffectiveConfig'
import type { CachedFragment } from '../../../src/main/cache/types'

const c = (
  name: string,
  subtype = 'motor',
  attributes: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  api: `rdk:component:${subtype}`,
  model: 'fake',
  attributes,
})
const cfg = (value: Record<string, unknown>): MachineConfig => value as MachineConfig
const fragment = (id: string, revision: number, config: Record<string, unknown>): CachedFragment => ({
  id: id as FragmentId,
  orgId: 'org-a' as OrgId,
  name: `${id} name`,
  revision,
  config: cfg(config),
})

const KIT_1 = fragment('kit', 1, {
  components: [c('cam', 'camera', { fps: 10 }), c('light', 'generic', { on: true })],
})
const KIT_2 = fragment('kit', 2, {
  components: [c('cam', 'camera', { fps: 15 }), c('light', 'generic', { on: true })],
})
const SAFETY = fragment('safety', 1, { components: [c('lidar', 'sensor')], services: [] })
const kitSource = (revision: number): unknown => ({
  kind: 'fragment',
  fragmentId: 'kit',
  name: 'kit name',
  revision,
})

describe('resolveEffectiveConfig', () => {
  it('lists what each fragment reference asks for', () => {
    const config = cfg({
      fragments: ['a', { id: 'b', version: 3 }, { id: 'c', version: '4' }, { id: 'd', version: 'latest' }],
    })
    expect(fragmentsWanted(config)).toEqual([
      { id: 'a', revision: null },
      { id: 'b', revision: 3 },
      { id: 'c', revision: 4 },
      { id: 'd', revision: null },
    ])
  })

  it('merges the newest revision of a fragment, applies the mods and names each resource’s source', () => {
    const machine = cfg({
      components: [c('left')],
      fragments: ['kit'],
      fragment_mods: [
        {
          fragment_id: 'kit',
          mods: [
            { $set: { 'components.cam.attributes.fps': 30 } },
            { $unset: { 'components.light.attributes.on': '' } },
          ],
        },
      ],
    })
    const result = resolveEffectiveConfig(machine, [KIT_1, KIT_2, SAFETY])
    expect(result.fragments).toEqual([
      { fragmentId: 'kit', wanted: 'latest', found: { name: 'kit name', orgId: 'org-a', revision: 2 } },
    ])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config.components).toEqual([
      c('left'),
      c('cam', 'camera', { fps: 30 }),
      c('light', 'generic', {}),
    ])
    expect(result.config.fragments).toBeUndefined()
    expect(result.config.fragment_mods).toBeUndefined()
    expect(result.resources).toEqual([
      { name: 'left', kind: 'component', source: { kind: 'machine' } },
      { name: 'cam', kind: 'component', source: kitSource(2) },
      { name: 'light', kind: 'component', source: kitSource(2) },
    ])
    // The fragments passed in are never changed.
    expect(KIT_2.config.components?.[0]?.attributes).toEqual({ fps: 15 })
  })

  it('uses the pinned revision', () => {
    const result = resolveEffectiveConfig(cfg({ fragments: [{ id: 'kit', version: 1 }] }), [KIT_2, KIT_1])
    expect(result.ok && result.config.components?.[0]?.attributes).toEqual({ fps: 10 })
    expect(result.fragments[0]?.found?.revision).toBe(1)
  })

  it('refuses a name defined twice, with both sources', () => {
    const machine = cfg({ components: [c('cam', 'camera')], fragments: ['kit', 'safety'] })
    const result = resolveEffectiveConfig(machine, [KIT_2, SAFETY])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.conflicts).toEqual([
      {
        name: 'cam',
        sources: [
          { name: 'cam', kind: 'component', source: { kind: 'machine' } },
          { name: 'cam', kind: 'component', source: kitSource(2) },
        ],
      },
    ])
    expect(result.errors).toEqual([
      {
        path: '$.components[0]',
        message:
          'name "cam" is defined twice: as a component in this machine\'s config and as a component in fragment "kit"',
      },
    ])
  })

  it('sees a clash a mod creates by renaming an entry', () => {
    const machine = cfg({
      components: [c('spot')],
      fragments: ['kit'],
      fragment_mods: [{ fragment_id: 'kit', mods: [{ $set: { 'components.light.name': 'spot' } }] }],
    })
    const result = resolveEffectiveConfig(machine, [KIT_2])
    expect(result.ok).toBe(false)
    expect(!result.ok && result.conflicts.map((x) => [x.name, x.sources.map((s) => s.source.kind)])).toEqual([
      ['spot', ['machine', 'fragment']],
    ])
  })

  it('says which fragment is not cached, at the revision asked for', () => {
    const result = resolveEffectiveConfig(cfg({ fragments: [{ id: 'kit', version: 7 }, 'gone'] }), [KIT_2])
    expect(result.ok).toBe(false)
    expect(result.fragments).toEqual([
      { fragmentId: 'kit', wanted: 7, found: null },
      { fragmentId: 'gone', wanted: 'latest', found: null },
    ])
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['$.fragments[0]', '$.fragments[1]'])
  })

  it('returns a config without fragments as it is, keys in the order written', () => {
    const machine = cfg({
      zz: 1,
      services: [],
      components: [{ model: 'fake', name: 'm', api: 'rdk:component:motor' }],
    })
    const result = resolveEffectiveConfig(machine, [KIT_2])
    expect(result.ok && JSON.stringify(result.config)).toBe(JSON.stringify(machine))
    expect(result.ok && result.resources).toEqual([
      { name: 'm', kind: 'component', source: { kind: 'machine' } },
    ])
  })

  it('for any names: succeeds exactly when machine and fragment share none, else reports each shared one', () => {
    const names = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 4 })
    fc.assert(
      fc.property(names, names, (own, theirs) => {
        const frag = fragment('f1', 1, { components: theirs.map((n) => c(n)) })
        const result = resolveEffectiveConfig(cfg({ components: own.map((n) => c(n)), fragments: ['f1'] }), [
          frag,
        ])
        const shared = own.filter((n) => theirs.includes(n))
        expect(result.ok).toBe(shared.length === 0)
        if (result.ok) {
          expect(result.resources.map((r) => [r.name, r.source.kind])).toEqual([
            ...own.map((n) => [n, 'machine']),
            ...theirs.map((n) => [n, 'fragment']),
          ])
        } else {
          expect(result.conflicts.map((x) => x.name).sort()).toEqual([...shared].sort())
          for (const conflict of result.conflicts)
            expect(conflict.sources.map((s) => s.source.kind)).toEqual(['machine', 'fragment'])
        }
      }),
      { numRuns: 200 },
    )
  })
})
