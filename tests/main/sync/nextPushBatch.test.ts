import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocationId, MachineId, PartId } from '../../../src/shared/ids'
import type { OutboxEdit, OutboxEntry } from '../../../src/main/cache/OutboxEdit'
import { nextPushBatch, type Answered } from '../../../src/main/sync/nextPushBatch'

// nextPushBatch against random outboxes: pushes are simulated to the end (each batch answered at
// once, some creates refused by the hub), and what was sent is checked against the two promises:
// seq order across every push, and never an edit before the hub acknowledged its create.

const M = (n: number): MachineId => `m${n}` as MachineId
const P = (n: number): PartId => `p${n}` as PartId
const LOC = 'loc' as LocationId

/** An edit on machine/part `n` (machines 0–3, part n belongs to machine n). */
const editArb: fc.Arbitrary<OutboxEdit> = fc
  .integer({ min: 0, max: 3 })
  .chain((n) =>
    fc.constantFrom<OutboxEdit>(
      { kind: 'machine.create', machineId: M(n), locationId: LOC, name: `m${n}` },
      { kind: 'part.create', partId: P(n), machineId: M(n), name: `p${n}`, main: true },
      { kind: 'machine.rename', machineId: M(n), name: 'x', previousName: `m${n}` },
      { kind: 'part.rename', partId: P(n), name: 'y', previousName: `p${n}` },
      { kind: 'machine.move', machineId: M(n), locationId: LOC, previousLocationId: LOC },
      { kind: 'config', partId: P(n), baseRevision: 0, config: {} },
    ),
  )

const outboxArb = fc
  .array(fc.record({ edit: editArb, gap: fc.integer({ min: 1, max: 3 }), rejected: fc.boolean() }), {
    maxLength: 40,
  })
  .map((rows) => {
    let seq = 0
    return rows.map(({ edit, gap, rejected }): OutboxEntry => {
      seq += gap
      // Only some creates start out refused (an earlier cycle's answer).
      const refused = rejected && edit.kind.endsWith('.create') && seq % 3 === 0
      return { ...edit, seq, author: 'a', savedAt: 't', rejection: refused ? 'no' : null }
    })
  })

const created = (e: OutboxEntry): string | null =>
  e.kind === 'machine.create'
    ? `machine:${e.machineId}`
    : e.kind === 'part.create'
      ? `part:${e.partId}`
      : null
const needed = (e: OutboxEntry): string | null => {
  if (e.kind === 'machine.create') return null
  if (e.kind === 'config' || e.kind === 'part.rename') return `part:${e.partId}`
  return `machine:${e.machineId}`
}

interface Run {
  sent: OutboxEntry[][]
  acknowledgedBefore: Set<string>[]
  held: number[]
}

/** Pushes until nothing is left; the hub refuses the creates `refuse` says. */
function runPushes(outbox: OutboxEntry[], refuse: (e: OutboxEntry) => boolean, max: number): Run {
  const entries = outbox.map((e) => ({ ...e }))
  const answered = new Map<number, Answered>()
  const acknowledged = new Set<string>()
  const run: Run = { sent: [], acknowledgedBefore: [], held: [] }
  for (let round = 0; round < 200; round++) {
    const { batch, held } = nextPushBatch(entries, answered, max)
    for (const h of held) {
      run.held.push(h.seq)
      const e = entries.find((x) => x.seq === h.seq)
      if (e) e.rejection = h.reason
    }
    if (batch.length === 0 && held.length === 0) break
    if (batch.length === 0) continue
    run.sent.push(batch)
    run.acknowledgedBefore.push(new Set(acknowledged))
    for (const e of batch) {
      const made = created(e)
      if (made && refuse(e)) {
        const entry = entries.find((x) => x.seq === e.seq)
        if (entry) entry.rejection = 'refused by the hub'
        answered.set(e.seq, 'acknowledged')
        continue
      }
      answered.set(e.seq, 'acknowledged')
      if (made) acknowledged.add(made)
    }
  }
  return run
}

describe('nextPushBatch', () => {
  it('keeps seq order across every push and never sends an edit before its create was acknowledged', () => {
    fc.assert(
      fc.property(outboxArb, fc.integer({ min: 1, max: 5 }), fc.boolean(), (outbox, max, refuseSome) => {
        const run = runPushes(outbox, (e) => refuseSome && e.seq % 2 === 0, max)
        const order = run.sent.flat().map((e) => e.seq)
        expect(order).toEqual([...order].sort((a, b) => a - b))
        expect(new Set(order).size).toBe(order.length)
        // A create earlier in the outbox: the hub must have acknowledged it before the edit goes.
        const createdBefore = (e: OutboxEntry, need: string): boolean =>
          outbox.some((c) => c.seq < e.seq && created(c) === need)
        run.sent.forEach((batch, i) => {
          expect(batch.length).toBeLessThanOrEqual(max)
          for (const e of batch) {
            const need = needed(e)
            if (need !== null && createdBefore(e, need))
              expect(run.acknowledgedBefore[i]?.has(need), `seq ${e.seq} needs ${need}`).toBe(true)
          }
        })
        // Every edit is answered: sent, held, or rejected from the start; none is left behind.
        const settled = new Set([
          ...order,
          ...run.held,
          ...outbox.filter((e) => e.rejection).map((e) => e.seq),
        ])
        expect(outbox.every((e) => settled.has(e.seq))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('waits for a create in the same batch, then sends its edits after the acknowledgement', () => {
    const base = { author: 'a', savedAt: 't', rejection: null }
    const outbox: OutboxEntry[] = [
      { ...base, seq: 1, kind: 'config', partId: P(9), baseRevision: 2, config: {} },
      { ...base, seq: 2, kind: 'machine.create', machineId: M(1), locationId: LOC, name: 'm1' },
      { ...base, seq: 3, kind: 'part.create', partId: P(1), machineId: M(1), name: 'p1', main: true },
      { ...base, seq: 4, kind: 'config', partId: P(1), baseRevision: 0, config: {} },
    ]
    expect(nextPushBatch(outbox).batch.map((e) => e.seq)).toEqual([1, 2])
    const afterCreate = new Map<number, Answered>([
      [1, 'acknowledged'],
      [2, 'acknowledged'],
    ])
    expect(nextPushBatch(outbox, afterCreate).batch.map((e) => e.seq)).toEqual([3])
    expect(
      nextPushBatch(outbox, new Map([...afterCreate, [3, 'acknowledged']])).batch.map((e) => e.seq),
    ).toEqual([4])
    // A create to be retried holds its edits back.
    expect(nextPushBatch(outbox, new Map([[2, 'retry']])).batch.map((e) => e.seq)).toEqual([1])
  })

  it('holds, with a reason, the edits of a machine whose create the hub refused', () => {
    const base = { author: 'a', savedAt: 't', rejection: null }
    const outbox: OutboxEntry[] = [
      {
        ...base,
        seq: 2,
        kind: 'machine.create',
        machineId: M(1),
        locationId: LOC,
        name: 'm1',
        rejection: 'no',
      },
      { ...base, seq: 3, kind: 'part.create', partId: P(1), machineId: M(1), name: 'p1', main: true },
      { ...base, seq: 4, kind: 'config', partId: P(1), baseRevision: 0, config: {} },
      { ...base, seq: 5, kind: 'machine.rename', machineId: M(7), name: 'b', previousName: 'a' },
    ]
    const { batch, held } = nextPushBatch(outbox)
    expect(batch.map((e) => e.seq)).toEqual([5])
    expect(held.map((h) => h.seq)).toEqual([3, 4])
    expect(held[0]?.reason).toMatch(/machine m1 to be created, but the hub refused it: no/)
  })
})
