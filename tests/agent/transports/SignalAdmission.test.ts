import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SignalAdmission,
  sourceKey,
  type AdmissionLimits,
  type PendingId,
} from '../../../src/agent/transports/SignalAdmission'

const LIMITS: AdmissionLimits = {
  maxPending: 16,
  maxPendingPerSource: 4,
  pendingTimeoutMs: 5000,
  handshakeGraceMs: 2000,
}

function accepted(admission: SignalAdmission, source: string, now: number): PendingId {
  const a = admission.offer(source, now)
  if (a.kind !== 'accept') throw new Error(`refused: ${a.reason}`)
  return a.id
}

describe('SignalAdmission', () => {
  it('refuses a source past its share with 429, saying why and when to retry', () => {
    const admission = new SignalAdmission(LIMITS)
    for (let i = 0; i < 4; i++) accepted(admission, '10.0.0.9', 1000 + i * 100)
    const refused = admission.offer('10.0.0.9', 1500)
    expect(refused).toEqual({
      kind: 'refuse',
      status: 429,
      // The oldest (at 1000) expires at 6000: 4.5 s from now, rounded up.
      retryAfterSeconds: 5,
      reason: expect.stringMatching(
        /^too many offers pending from 10\.0\.0\.9 \(4, at most 4\).*retry in 5 s$/,
      ),
    })
    // Another source is not affected.
    expect(admission.offer('10.0.0.10', 1500).kind).toBe('accept')
  })

  it('frees a slot when an offer settles, and forgets offers past their timeout', () => {
    const admission = new SignalAdmission(LIMITS)
    const ids = [0, 1, 2, 3].map(() => accepted(admission, 'a', 0))
    expect(admission.offer('a', 10).kind).toBe('refuse')
    admission.settle(ids[0]!)
    admission.settle(ids[0]!) // idempotent
    expect(admission.offer('a', 20).kind).toBe('accept')
    expect(admission.offer('a', 30).kind).toBe('refuse')
    // Unsettled, they stop counting once the timeout has passed.
    expect(admission.offer('a', 5020).kind).toBe('accept')
    expect(admission.pendingCount).toBe(1)
  })

  it('when full, a newcomer evicts the oldest offer of the heaviest source once past its grace', () => {
    const admission = new SignalAdmission(LIMITS)
    // Four flooding sources hold every slot.
    const bySource = new Map<string, PendingId[]>()
    for (let i = 0; i < 16; i++) {
      const source = `flood-${i % 4}`
      bySource.set(source, [...(bySource.get(source) ?? []), accepted(admission, source, i)])
    }
    // Within the grace nothing gives way: 503, retry when the oldest leaves its grace.
    expect(admission.offer('client', 1000)).toMatchObject({
      kind: 'refuse',
      status: 503,
      retryAfterSeconds: 1,
      reason: expect.stringMatching(/^too many sessions being set up \(16, at most 16\)/),
    })
    const a = admission.offer('client', 2500)
    expect(a).toEqual({ kind: 'accept', id: expect.any(Number), evict: [bySource.get('flood-0')![0]] })
    expect(admission.pendingCount).toBe(16)
    // The client's own offer is protected by its grace even from a fresh source.
    const b = admission.offer('other', 2600)
    expect(b.kind === 'accept' && b.evict).toEqual([bySource.get('flood-1')![0]])
  })

  it('when every source is within its share, the oldest offer past its grace gives way', () => {
    const admission = new SignalAdmission(LIMITS)
    const first = accepted(admission, 's0', 0)
    for (let i = 1; i < 16; i++) accepted(admission, `s${i}`, 100 * i)
    const a = admission.offer('newcomer', 2050)
    expect(a).toEqual({ kind: 'accept', id: expect.any(Number), evict: [first] })
    // The next oldest (s1, at 100) is past its grace at 2100, not before.
    expect(admission.offer('late', 2099).kind).toBe('refuse')
    expect(admission.offer('late', 2100).kind).toBe('accept')
  })

  it('keeps its bounds and never evicts an offer within its grace, whatever the traffic', () => {
    const limits = { maxPending: 6, maxPendingPerSource: 2, pendingTimeoutMs: 500, handshakeGraceMs: 200 }
    const step = fc.oneof(
      fc.record({ kind: fc.constant('offer' as const), source: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 300 }) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const admission = new SignalAdmission(limits)
        const live = new Map<PendingId, { source: string; since: number }>()
        let now = 0
        for (const s of steps) {
          if (s.kind === 'wait') now += s.ms
          else if (s.kind === 'settle') {
            const ids = [...live.keys()]
            const id = ids[s.pick % Math.max(1, ids.length)]
            if (id !== undefined) {
              admission.settle(id)
              live.delete(id)
            }
          } else {
            for (const [id, p] of live) if (now - p.since >= limits.pendingTimeoutMs) live.delete(id)
            const source = `s${s.source}`
            const a = admission.offer(source, now)
            if (a.kind === 'accept') {
              for (const id of a.evict) {
                const victim = live.get(id)
                expect(victim, 'only a live offer is evicted').toBeDefined()
                expect(now - victim!.since).toBeGreaterThanOrEqual(limits.handshakeGraceMs)
                live.delete(id)
              }
              live.set(a.id, { source, since: now })
            } else {
              expect(a.retryAfterSeconds).toBeGreaterThanOrEqual(1)
              expect(a.reason.length).toBeGreaterThan(0)
              const anyOld = [...live.values()].some((p) => now - p.since >= limits.handshakeGraceMs)
              const mine = [...live.values()].filter((p) => p.source === source).length
              // A refusal is either the source's own share, or a full table with nothing past grace.
              if (a.status === 503) expect(anyOld).toBe(false)
              else expect(mine).toBe(limits.maxPendingPerSource)
            }
            expect(admission.pendingCount).toBe(live.size)
            expect(live.size).toBeLessThanOrEqual(limits.maxPending)
            const counts = new Map<string, number>()
            for (const p of live.values()) counts.set(p.source, (counts.get(p.source) ?? 0) + 1)
            for (const n of counts.values()) expect(n).toBeLessThanOrEqual(limits.maxPendingPerSource)
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('sourceKey', () => {
  it('counts IPv4 by address, IPv4-mapped as IPv4, IPv6 by its /64', () => {
    expect(sourceKey('192.168.1.20')).toBe('192.168.1.20')
    expect(sourceKey('::ffff:127.0.0.2')).toBe('127.0.0.2')
    expect(sourceKey('::FFFF:10.1.2.3')).toBe('10.1.2.3')
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(sourceKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
    expect(sourceKey('2001:0db8:0000:0001:ffff:1:2:3')).toBe('2001:db8:0:1::/64')
    expect(sourceKey('::1')).toBe('0:0:0:0::/64')
    expect(sourceKey(undefined)).toBe('unknown')
    expect(sourceKey('not:an:address::x::y')).toBe('not:an:address::x::y')
  })
})
