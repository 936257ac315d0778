import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { Revision } from '../../../src/shared/domain/model'
import type { MachineId, PartId } from '../../../src/shared/ids'
import { effectiveConfigFor } from '../../../src/main/cache/effectiveConfigFor'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

let fleet: TempFleet
beforeAll(async () => {
  fleet = await makeTempFleet(40)
})
afterAll(() => fleet.dispose())

/** The `nth` main part whose newest fixture config matches, and its machine. */
function partWhere(
  test: (config: Record<string, unknown>) => boolean,
  nth = 0,
): { partId: PartId; machineId: MachineId } {
  const newest = new Map<string, Revision>()
  for (const r of fleet.generated.fleet.revisions)
    if ((newest.get(r.partId)?.revision ?? 0) < r.revision) newest.set(r.partId, r)
  const part = fleet.generated.fleet.parts.filter((p) => {
    const config = newest.get(p.id)?.config
    return p.isMain && config !== undefined && test(config as Record<string, unknown>)
  })[nth]
  if (!part) throw new Error('the fixture has no such part')
  return { partId: part.id, machineId: part.machineId }
}
const withMods = (c: Record<string, unknown>): boolean => Array.isArray(c.fragment_mods)
const pinned = (c: Record<string, unknown>): boolean =>
  Array.isArray(c.fragments) && c.fragments.some((f) => typeof f === 'object')
const plain = (c: Record<string, unknown>): boolean => c.fragments === undefined

describe('the effective config of a part, through the core', () => {
  it('resolves fragments with their mods and names each resource’s source', async () => {
    const { core, stop } = await fleet.start()
    try {
      const { partId } = partWhere(withMods)
      const view = await core.call('getEffectiveConfig', { partId })
      expect(view.fragments).toEqual([
        {
          fragmentId: 'frag-acme-camera-kit',
          wanted: 'latest',
          found: { name: 'Camera kit', orgId: 'org-acme', revision: 2 },
        },
      ])
      expect((view.config as Record<string, unknown>).fragment_mods).toBeDefined()
      expect(view.effective.ok).toBe(true)
      if (!view.effective.ok) return
      const effective = view.effective.config as { components: Array<Record<string, unknown>> }
      const named = (n: string): Record<string, unknown> | undefined =>
        effective.components.find((x) => x.name === n)
      expect(named('kit-camera')?.attributes).toEqual({ width: 320, height: 240, fps: 30 })
      expect(named('kit-light')?.attributes).toEqual({ initial_counter: 0 })
      const kit = { kind: 'fragment', fragmentId: 'frag-acme-camera-kit', name: 'Camera kit', revision: 2 }
      expect(view.effective.resources.filter((r) => r.name.startsWith('kit-'))).toEqual([
        { name: 'kit-camera', kind: 'component', source: kit },
        { name: 'kit-light', kind: 'component', source: kit },
      ])
      expect(view.effective.resources.find((r) => r.name === 'board')?.source).toEqual({ kind: 'machine' })
    } finally {
      await stop()
    }
  })

  it('uses the revision a machine pins, next to another fragment at its newest', async () => {
    const { core, stop } = await fleet.start()
    try {
      const view = await core.call('getEffectiveConfig', { partId: partWhere(pinned).partId })
      expect(view.fragments.map((f) => [f.fragmentId, f.wanted, f.found?.revision])).toEqual([
        ['frag-acme-camera-kit', 1, 1],
        ['frag-acme-safety', 'latest', 1],
      ])
      expect(view.effective.ok && view.effective.resources.map((r) => r.source.kind)).toContain('fragment')
    } finally {
      await stop()
    }
  })

  it('shows a clash between a machine and its fragment with both sources, and refuses to send it to a robot', async () => {
    const { core, cache, stop } = await fleet.start()
    try {
      const { partId, machineId } = partWhere(plain)
      const before = await core.call('getPartConfig', { partId })
      const own = before.config as { components: unknown[] }
      const config = {
        ...own,
        components: [...own.components, { name: 'kit-camera', api: 'rdk:component:camera', model: 'fake' }],
        fragments: ['frag-acme-camera-kit'],
      }
      await core.call('savePartConfig', { partId, baseRevision: before.revision, config })
      const view = await core.call('getEffectiveConfig', { partId })
      expect(view.config).toEqual(config)
      expect(view.effective.ok).toBe(false)
      if (view.effective.ok) return
      expect(view.effective.conflicts).toEqual([
        {
          name: 'kit-camera',
          sources: [
            { name: 'kit-camera', kind: 'component', source: { kind: 'machine' } },
            {
              name: 'kit-camera',
              kind: 'component',
              source: {
                kind: 'fragment',
                fragmentId: 'frag-acme-camera-kit',
                name: 'Camera kit',
                revision: 2,
              },
            },
          ],
        },
      ])
      expect(view.effective.errors[0]?.message).toMatch(
        /defined twice.*this machine's config.*frag-acme-camera-kit/,
      )
      const sent = await effectiveConfigFor(cache, await cache.getPartConfig(partId)).catch((e: unknown) => e)
      expect(sent).toBeInstanceOf(CoreError)
      expect(sent).toMatchObject({ code: 'failed-precondition', fieldErrors: view.effective.errors })
      // CONTROL still lists the machine's own resources.
      const components = await core.call('getMachineComponents', { machineId })
      expect(components.filter((x) => x.name === 'kit-camera')).toHaveLength(1)
    } finally {
      await stop()
    }
  })

  it('gives the robot apply the effective config, and lists fragment resources on CONTROL', async () => {
    const { core, cache, stop } = await fleet.start()
    try {
      const { partId, machineId } = partWhere(withMods)
      const sent = await effectiveConfigFor(cache, await cache.getPartConfig(partId))
      const view = await core.call('getEffectiveConfig', { partId })
      expect(view.effective.ok && sent).toEqual(view.effective.ok && view.effective.config)
      expect(sent?.fragments).toBeUndefined()
      const names = (await core.call('getMachineComponents', { machineId })).map((x) => x.name)
      expect(names).toEqual(expect.arrayContaining(['board', 'kit-camera', 'kit-light']))
      // A part with no fragments is sent exactly as it is cached (the first one has an edit now).
      const plainPart = partWhere(plain, 1).partId
      const cached = await cache.getPartConfig(plainPart)
      expect(JSON.stringify(await effectiveConfigFor(cache, cached))).toBe(JSON.stringify(cached.config))
    } finally {
      await stop()
    }
  })

  it('is refused to a machine operator, like the config itself', async () => {
    const operator = fleet.generated.roleUsers.find((u) => u.level === 'machine' && u.role === 'operator')!
    const { core, stop } = await fleet.start(operator.email)
    try {
      const machine = (await core.call('getFleetTree', {})).machines[0]!
      const err = await core
        .call('getEffectiveConfig', { partId: machine.parts[0]!.id })
        .catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'permission-denied' })
    } finally {
      await stop()
    }
  })
})
