import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../src/shared/api/views'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { PartId } from '../../../src/shared/ids'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

let fleet: TempFleet
beforeAll(async () => {
  fleet = await makeTempFleet(12)
})
afterAll(() => fleet.dispose())

describe('one edit in the outbox, seen and discarded (real cache)', () => {
  it('tells two edits of a part apart, shows each, and discards one, leaving the other shown', async () => {
    const partId = fleet.generated.fleet.parts[0]!.id as PartId
    const { core, stop } = await fleet.start()
    try {
      const before = await core.call('getPartConfig', { partId })
      const base = before.config as Record<string, unknown>
      const first = await core.call('savePartConfig', {
        partId,
        baseRevision: before.revision,
        config: { ...base, note: 'first' },
      })
      const second = await core.call('savePartConfig', {
        partId,
        baseRevision: before.revision,
        config: { ...base, note: 'second' },
      })
      // Both are based on the same revision: only the sequence tells them apart.
      expect(first.pending.baseRevision).toBe(second.pending.baseRevision)

      const older = await core.call('getOutboxEdit', { outboxSeq: first.pending.outboxSeq })
      expect(older.config).toMatchObject({ note: 'first' })
      expect(older.laterEdits).toBe(1)
      expect(older.item.partId).toBe(partId)
      const newer = await core.call('getOutboxEdit', { outboxSeq: second.pending.outboxSeq })
      expect(newer.config).toMatchObject({ note: 'second' })
      expect(newer.laterEdits).toBe(0)

      const statuses: AppStatus[] = []
      const fleetChanges: string[] = []
      const offStatus = core.events.on('status', (s) => statuses.push(s))
      const offFleet = core.events.on('fleetChanged', (e) => fleetChanges.push(e.reason))
      const result = await core.call('discardOutboxEdit', { outboxSeq: second.pending.outboxSeq })
      offStatus()
      offFleet()
      expect(result.pendingCount).toBe(second.pendingCount - 1)
      expect(statuses.at(-1)?.pendingCount).toBe(result.pendingCount)
      expect(fleetChanges).toHaveLength(1)
      // The part now shows the edit before it.
      const after = await core.call('getPartConfig', { partId })
      expect(after.config).toMatchObject({ note: 'first' })
      expect(after.pending?.outboxSeq).toBe(first.pending.outboxSeq)

      const gone = await core.call('getOutboxEdit', { outboxSeq: second.pending.outboxSeq }).catch((e) => e)
      expect(gone).toBeInstanceOf(CoreError)
      expect((gone as CoreError).code).toBe('not-found')
    } finally {
      await stop()
    }
  })

  it('keeps a discard across a restart', async () => {
    const partId = fleet.generated.fleet.parts[1]!.id as PartId
    const first = await fleet.start()
    const before = await first.core.call('getPartConfig', { partId })
    const saved = await first.core.call('savePartConfig', {
      partId,
      baseRevision: before.revision,
      config: { ...(before.config as Record<string, unknown>), note: 'gone soon' },
    })
    await first.core.call('discardOutboxEdit', { outboxSeq: saved.pending.outboxSeq })
    await first.stop()
    const second = await fleet.start()
    try {
      const outbox = await second.core.call('listOutbox', {})
      expect(outbox.map((o) => o.outboxSeq)).not.toContain(saved.pending.outboxSeq)
    } finally {
      await second.stop()
    }
  })

  it('refuses to show or discard an edit of a machine the identity may not configure', async () => {
    const partId = fleet.generated.fleet.parts[2]!.id as PartId
    const owner = await fleet.start()
    const before = await owner.core.call('getPartConfig', { partId })
    const saved = await owner.core.call('savePartConfig', {
      partId,
      baseRevision: before.revision,
      config: before.config,
    })
    await owner.stop()
    const { machines, locations } = fleet.generated.fleet
    const machine = machines.find((m) => m.id === fleet.generated.fleet.parts[2]!.machineId)!
    const orgId = locations.find((l) => l.id === machine.locationId)!.orgId
    const operator = fleet.generated.roleUsers.find(
      (u) => u.level === 'organization' && u.role === 'operator' && u.orgId === orgId,
    )!
    const { core, stop } = await fleet.start(operator.email)
    try {
      for (const method of ['getOutboxEdit', 'discardOutboxEdit'] as const) {
        const err = await core.call(method, { outboxSeq: saved.pending.outboxSeq }).catch((e) => e)
        expect(err).toBeInstanceOf(CoreError)
        expect(['permission-denied', 'not-found']).toContain((err as CoreError).code)
      }
      // Still there for the owner.
      expect((await core.call('getStatus', {})).pendingCount).toBeGreaterThanOrEqual(1)
    } finally {
      await stop()
    }
  })
})
