import { describe, expect, it } from 'vitest'
import type { PartId } from '../../../src/shared/ids'
import type { LocationId, MachineId } from '../../../src/shared/ids'
import type { ConfigOutboxEntry, OutboxEntry } from '../../../src/main/cache/OutboxEdit'
import { nextPushBatch } from '../../../src/main/sync/nextPushBatch'
import {
  planPushOutcome,
  planPushReply,
  rejectionReason,
  toPushEdit,
} from '../../../src/main/sync/planPushOutcome'

const entry = (seq: number, extra: Partial<ConfigOutboxEntry> = {}): ConfigOutboxEntry => ({
  seq,
  kind: 'config',
  partId: 'prt_1' as PartId,
  baseRevision: 3,
  config: { components: [] },
  author: 'ada@example.com',
  savedAt: '2026-03-01T10:00:00.000Z',
  rejection: null,
  ...extra,
})
const CLIENT = 'dsk_1'

describe('planPushOutcome: a push outcome to an outbox and cache change', () => {
  it('settles applied, merged and unchanged edits at their revision; only applied knows the config', () => {
    const e = entry(7)
    expect(planPushOutcome(e, { clientId: CLIENT, seq: 7, status: 'applied', revision: 4 }, CLIENT)).toEqual({
      kind: 'settled',
      seq: 7,
      status: 'applied',
      revision: { partId: 'prt_1', revision: 4, config: { components: [] }, author: 'ada@example.com' },
    })
    for (const status of ['merged', 'unchanged'] as const)
      expect(planPushOutcome(e, { clientId: CLIENT, seq: 7, status, revision: 5 }, CLIENT)).toMatchObject({
        kind: 'settled',
        status,
        revision: { revision: 5, config: null },
      })
  })

  it('settles a create, rename or move without a revision (its rows come with the feed)', () => {
    const create: OutboxEntry = {
      seq: 8,
      kind: 'machine.create',
      machineId: 'b7c1a3f0-0000-4000-8000-000000000001' as MachineId,
      locationId: 'loc_1' as LocationId,
      name: 'arm',
      author: 'ada@example.com',
      savedAt: '2026-03-01T10:00:00.000Z',
      rejection: null,
    }
    expect(planPushOutcome(create, { clientId: CLIENT, seq: 8, status: 'applied' }, CLIENT)).toEqual({
      kind: 'settled',
      seq: 8,
      status: 'applied',
      revision: null,
    })
    expect(toPushEdit(create, CLIENT)).toEqual({
      clientId: CLIENT,
      seq: 8,
      kind: 'machine.create',
      target: { machineId: create.machineId },
      body: { locationId: 'loc_1', name: 'arm' },
    })
  })

  it('marks a conflict with its id and a rejection with the reason, code and paths', () => {
    expect(
      planPushOutcome(
        entry(2),
        { clientId: CLIENT, seq: 2, status: 'conflict', conflictId: 'cfl_1', revision: 4 },
        CLIENT,
      ),
    ).toEqual({
      kind: 'conflict',
      seq: 2,
      conflictId: 'cfl_1',
    })
    const rejected = planPushOutcome(
      entry(2),
      {
        clientId: CLIENT,
        seq: 2,
        status: 'rejected',
        code: 'invalid-argument',
        reason: 'The config is not valid.',
        errors: [{ path: '$.components[0].api', message: 'required' }],
      },
      CLIENT,
    )
    expect(rejected).toEqual({
      kind: 'rejected',
      seq: 2,
      reason: 'The config is not valid. [invalid-argument] $.components[0].api: required',
    })
  })

  it('retries an edit without a usable answer rather than guess', () => {
    expect(planPushOutcome(entry(1), undefined, CLIENT)).toMatchObject({ kind: 'retry' })
    expect(
      planPushOutcome(entry(1), { clientId: 'dsk_other', seq: 1, status: 'applied', revision: 2 }, CLIENT),
    ).toMatchObject({ kind: 'retry' })
    expect(planPushOutcome(entry(1), { clientId: CLIENT, seq: 1, status: 'applied' }, CLIENT)).toMatchObject({
      kind: 'retry',
    })
    expect(planPushOutcome(entry(1), { clientId: CLIENT, seq: 1, status: 'conflict' }, CLIENT)).toMatchObject(
      { kind: 'retry' },
    )
  })

  it('pairs a reply with the edits sent by sequence number, whatever its order', () => {
    const sent = [entry(1), entry(2), entry(3)]
    const changes = planPushReply(
      sent,
      [
        { clientId: CLIENT, seq: 3, status: 'rejected', reason: 'no' },
        { clientId: CLIENT, seq: 1, status: 'applied', revision: 4 },
      ],
      CLIENT,
    )
    expect(changes.map((c) => [c.seq, c.kind])).toEqual([
      [1, 'settled'],
      [2, 'retry'],
      [3, 'rejected'],
    ])
  })

  it('pushes oldest first, never a rejected or conflicted edit, at most a batch', () => {
    const outbox = [
      entry(5),
      entry(1),
      entry(2, { rejection: 'no' }),
      entry(3, { conflictId: 'cfl_1' }),
      entry(4),
    ]
    expect(nextPushBatch(outbox).batch.map((e) => e.seq)).toEqual([1, 4, 5])
    expect(nextPushBatch(outbox, new Map(), 2).batch.map((e) => e.seq)).toEqual([1, 4])
    expect(toPushEdit(entry(9), CLIENT)).toEqual({
      clientId: CLIENT,
      seq: 9,
      baseRevision: 3,
      kind: 'config',
      target: { partId: 'prt_1' },
      body: { config: { components: [] } },
    })
  })

  it('says something even when the hub gave no reason', () => {
    expect(rejectionReason({ clientId: CLIENT, seq: 1, status: 'rejected' })).toMatch(/without a reason/)
  })
})
