import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { LocationId, MachineId } from '../../../src/shared/ids'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

// Fleet edits on the desktop (real cache): checked with can(), shown in the tree at once, kept in
// the outbox with what they were based on, and still there after a restart.

let fleet: TempFleet
beforeAll(async () => {
  fleet = await makeTempFleet(12)
})
afterAll(() => fleet.dispose())

const refusal = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(CoreError)
  return (err as CoreError).code
}

describe('fleet edits in the outbox', () => {
  it('renames and moves a machine at once, with the name and place it had, across a restart', async () => {
    const { machines, locations } = fleet.generated.fleet
    const machine = machines[0]!
    const from = locations.find((l) => l.id === machine.locationId)!
    const to = locations.find((l) => l.orgId === from.orgId && l.id !== from.id)!
    const first = await fleet.start()
    await first.core.call('renameMachine', { machineId: machine.id as MachineId, name: '  arm renamed ' })
    await first.core.call('moveMachine', {
      machineId: machine.id as MachineId,
      locationId: to.id as LocationId,
    })
    await first.stop()

    const second = await fleet.start()
    try {
      const tree = await second.core.call('getFleetTree', {})
      expect(tree.machines.find((m) => m.id === machine.id)).toMatchObject({
        name: 'arm renamed',
        locationId: to.id,
      })
      const outbox = await second.cache.listOutbox()
      expect(outbox.slice(-2)).toMatchObject([
        { kind: 'machine.rename', machineId: machine.id, name: 'arm renamed', previousName: machine.name },
        { kind: 'machine.move', machineId: machine.id, locationId: to.id, previousLocationId: from.id },
      ])
      expect((await second.core.call('getStatus', {})).pendingCount).toBe(outbox.length)
      // A name the hub would refuse is refused here, before it waits in the outbox.
      expect(
        await refusal(second.core.call('renameMachine', { machineId: machine.id as MachineId, name: ' ' })),
      ).toBe('invalid-argument')
      const elsewhere = locations.find((l) => l.orgId !== from.orgId)
      if (elsewhere)
        expect(
          await refusal(
            second.core.call('moveMachine', {
              machineId: machine.id as MachineId,
              locationId: elsewhere.id as LocationId,
            }),
          ),
        ).toBe('invalid-argument')
    } finally {
      await second.stop()
    }
  })

  it('creates a machine with its main part, both with UUIDs, as two outbox creates', async () => {
    const location = fleet.generated.fleet.locations[0]!
    const { core, cache, stop } = await fleet.start()
    try {
      const made = await core.call('createMachine', { locationId: location.id as LocationId, name: 'press' })
      expect(made.partId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const outbox = await cache.listOutbox()
      expect(outbox.slice(-2)).toMatchObject([
        { kind: 'machine.create', machineId: made.machineId, locationId: location.id, name: 'press' },
        {
          kind: 'part.create',
          partId: made.partId,
          machineId: made.machineId,
          name: 'press-main',
          main: true,
        },
      ])
      const shown = await core.call('getMachine', { machineId: made.machineId })
      expect(shown.machine).toMatchObject({ name: 'press', pendingEdits: 2 })
    } finally {
      await stop()
    }
  })

  it("refuses an operator's rename, move and create before anything is written", async () => {
    const { machines, locations } = fleet.generated.fleet
    const machine = machines[1]!
    const orgId = locations.find((l) => l.id === machine.locationId)!.orgId
    const operator = fleet.generated.roleUsers.find(
      (u) => u.level === 'organization' && u.role === 'operator' && u.orgId === orgId,
    )!
    const { core, cache, stop } = await fleet.start(operator.email)
    try {
      const before = (await cache.listOutbox()).length
      const id = machine.id as MachineId
      expect(await refusal(core.call('renameMachine', { machineId: id, name: 'x' }))).toBe(
        'permission-denied',
      )
      expect(await refusal(core.call('moveMachine', { machineId: id, locationId: machine.locationId }))).toBe(
        'permission-denied',
      )
      expect(await refusal(core.call('createMachine', { locationId: machine.locationId, name: 'x' }))).toBe(
        'permission-denied',
      )
      expect((await cache.listOutbox()).length).toBe(before)
    } finally {
      await stop()
    }
  })
})
