import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { MachineId, PartId } from '../../../src/shared/ids'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

let fleet: TempFleet
beforeAll(async () => {
  fleet = await makeTempFleet(40)
})
afterAll(() => fleet.dispose())

const expectCoreError = async (p: Promise<unknown>, code: string): Promise<CoreError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(CoreError)
  expect((err as CoreError).code).toBe(code)
  return err as CoreError
}

describe('FleetCore on a real cache', () => {
  it('shows an org owner every machine of the fleet, with all tabs', async () => {
    const { core, stop } = await fleet.start()
    try {
      const tree = await core.call('getFleetTree', {})
      expect(tree.machines).toHaveLength(40)
      expect(tree.orgs.map((o) => o.role)).toEqual(['owner', 'owner', 'owner'])
      const view = await core.call('getMachine', { machineId: tree.machines[0]!.id })
      expect(view.capabilities.tabs).toEqual(['control', 'configure', 'logs', 'history', 'connect'])
    } finally {
      await stop()
    }
  })

  it('shows a location owner only the machines under that location, and none of its parent', async () => {
    const user = fleet.generated.roleUsers.find(
      (u) => u.level === 'location' && u.role === 'owner' && u.orgId === 'org-acme',
    )!
    const { core, stop } = await fleet.start(user.email)
    try {
      const tree = await core.call('getFleetTree', {})
      const site = fleet.generated.fleet.locations.find(
        (l) => l.name === user.resourceName && l.orgId === 'org-acme',
      )!
      const underSite = (locId: string): boolean => locId.startsWith(site.id)
      expect(tree.machines.length).toBeGreaterThan(0)
      expect(tree.machines.every((m) => underSite(m.locationId))).toBe(true)
      const expected = fleet.generated.fleet.machines.filter((m) => underSite(m.locationId)).length
      expect(tree.machines).toHaveLength(expected)
      const outside = fleet.generated.fleet.machines.find((m) => !underSite(m.locationId))!
      await expectCoreError(core.call('getMachine', { machineId: outside.id }), 'not-found')
    } finally {
      await stop()
    }
  })

  it('gives a machine operator the CONTROL tab only and refuses config reads and saves', async () => {
    const user = fleet.generated.roleUsers.find((u) => u.level === 'machine' && u.role === 'operator')!
    const { core, stop } = await fleet.start(user.email)
    try {
      const tree = await core.call('getFleetTree', {})
      expect(tree.machines).toHaveLength(1)
      const machine = tree.machines[0]!
      const view = await core.call('getMachine', { machineId: machine.id })
      expect(view.capabilities.tabs).toEqual(['control'])
      expect(view.capabilities.canEditConfig).toBe(false)
      const components = await core.call('getMachineComponents', { machineId: machine.id })
      expect(components.length).toBeGreaterThanOrEqual(2)
      const partId = machine.parts[0]!.id
      await expectCoreError(core.call('getPartConfig', { partId }), 'permission-denied')
      await expectCoreError(
        core.call('savePartConfig', { partId, baseRevision: 3, config: { components: [] } }),
        'permission-denied',
      )
      await expectCoreError(core.call('getPartHistory', { partId }), 'permission-denied')
    } finally {
      await stop()
    }
  })

  it('refuses a malformed config with every error and its JSON path, saving nothing', async () => {
    const { core, stop } = await fleet.start()
    try {
      const partId = fleet.generated.fleet.parts[0]!.id
      const err = await expectCoreError(
        core.call('savePartConfig', {
          partId,
          baseRevision: 3,
          config: {
            components: [
              { name: 'ok', api: 'rdk:component:motor', model: 'fake' },
              { model: 'fake' },
              { name: 'x', attributes: 7 },
            ],
          },
        }),
        'invalid-argument',
      )
      const paths = (err.fieldErrors ?? []).map((e) => e.path)
      expect(paths.some((p) => p.startsWith('$.components[1]'))).toBe(true)
      expect(paths.some((p) => p.startsWith('$.components[2]'))).toBe(true)
      expect((await core.call('getStatus', {})).pendingCount).toBe(0)
    } finally {
      await stop()
    }
  })

  it('keeps a saved edit pending across a restart, with its base revision', async () => {
    const partId = fleet.generated.fleet.parts[1]!.id as PartId
    const first = await fleet.start()
    const before = await first.core.call('getPartConfig', { partId })
    const edited = { ...(before.config as Record<string, unknown>), note: 'tuned on the floor' }
    const saved = await first.core.call('savePartConfig', {
      partId,
      baseRevision: before.revision,
      config: edited,
    })
    expect(saved.pending.baseRevision).toBe(before.revision)
    expect(saved.pendingCount).toBeGreaterThanOrEqual(1)
    await first.stop()

    const second = await fleet.start()
    try {
      const after = await second.core.call('getPartConfig', { partId })
      expect(after.config).toEqual(edited)
      expect(after.pending?.outboxSeq).toBe(saved.pending.outboxSeq)
      const machineId = fleet.generated.fleet.parts[1]!.machineId as MachineId
      const tree = await second.core.call('getFleetTree', {})
      expect(tree.machines.find((m) => m.id === machineId)?.pendingEdits).toBeGreaterThanOrEqual(1)
      const outbox = await second.core.call('listOutbox', {})
      expect(outbox.map((o) => (o.kind === 'config' ? o.partId : null))).toContain(partId)
    } finally {
      await second.stop()
    }
  })

  it('refuses unknown methods and bad parameters at the boundary', async () => {
    const { core, stop } = await fleet.start()
    try {
      expect(await core.handle('dropTables', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      })
      expect(await core.handle('getMachine', { machineId: 42 })).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      })
      expect(await core.handle('getMachine', { machineId: 'm-00001', extra: true })).toMatchObject({
        ok: false,
      })
    } finally {
      await stop()
    }
  })

  it('offers the demo fleet only on an empty cache', async () => {
    const { core, stop } = await fleet.start()
    try {
      await expectCoreError(core.call('createDemoFleet', {}), 'failed-precondition')
    } finally {
      await stop()
    }
  })
})

describe('first run', () => {
  it('starts on an empty cache as a guest and creates the demo fleet on request', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { startCore } = await import('../../../src/main/app/startCore')
    const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-empty-'))
    try {
      const first = await startCore({ dataDir, discovery: false })
      expect(await first.core.call('getStatus', {})).toMatchObject({ cacheEmpty: true, pendingCount: 0 })
      expect((await first.core.call('getIdentity', {})).name).toBe('Guest')
      expect((await first.core.call('getFleetTree', {})).machines).toEqual([])
      const events: string[] = []
      first.core.events.on('fleetChanged', (e) => events.push(e.reason))
      const { machines } = await first.core.call('createDemoFleet', {})
      expect(machines).toBeGreaterThan(0)
      expect(events).toEqual(['demo fleet created'])
      expect((await first.core.call('getFleetTree', {})).machines).toHaveLength(machines)
      await first.stop()
      const second = await startCore({ dataDir, discovery: false })
      expect((await second.core.call('getStatus', {})).cacheEmpty).toBe(false)
      expect((await second.core.call('getIdentity', {})).email).toBe('ada@fleetdesk.test')
      await second.stop()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
