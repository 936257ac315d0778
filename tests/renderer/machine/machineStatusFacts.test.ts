import { describe, expect, it } from 'vitest'
import {
  machineHeadline,
  machineStatusFacts,
  type StatusInputs,
} from '../../../src/renderer/src/machine/machineStatusFacts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const ago = (ms: number): string => new Date(NOW - ms).toISOString()
const DAY = 86_400_000

function inputs(over: Partial<StatusInputs> = {}): StatusInputs {
  return {
    machine: { status: 'online', lastSeenAt: ago(23 * DAY), revision: 5, version: '0.43.0' },
    lastSyncAt: null,
    nearby: null,
    session: null,
    live: null,
    coreReachable: true,
    now: NOW,
    ...over,
  }
}

const live = (since = ago(60_000)) => ({ state: 'live' as const, since, role: 'owner', attempts: 0 })
const fact = (s: ReturnType<typeof machineStatusFacts>, id: string) => s.facts.find((f) => f.id === id)

describe('machineStatusFacts', () => {
  it('the issue: a never-synced "online" beside no session is drawn stale and explained, not green', () => {
    const s = machineStatusFacts(inputs())
    expect(s.headline).toMatchObject({
      word: 'Online',
      tone: 'stale',
      source: 'local cache, never synced with a hub',
    })
    expect(fact(s, 'hub')).toMatchObject({ value: 'Online', tone: 'stale' })
    expect(fact(s, 'session')).toMatchObject({ value: 'Not connected' })
    expect(fact(s, 'lastSeen')).toMatchObject({
      value: '23 days ago',
      source: 'local cache, never synced with a hub',
    })
    expect(s.notes).toHaveLength(1)
    expect(s.notes[0]).toMatch(/never synced.*does not see the robot on its LAN and has no session/)
  })

  it('after a sync, the hub word carries the sync age', () => {
    const s = machineStatusFacts(
      inputs({
        lastSyncAt: ago(3 * 60_000),
        machine: { status: 'offline', lastSeenAt: ago(DAY), revision: 5, version: null },
      }),
    )
    expect(s.headline).toMatchObject({
      word: 'Offline',
      tone: 'neutral',
      source: 'hub, as of the last sync 3 min ago',
    })
    expect(s.notes).toEqual([])
  })

  it('with a live session: Live from the session, last seen now, the hub word kept with its reason', () => {
    const s = machineStatusFacts(
      inputs({
        machine: { status: 'offline', lastSeenAt: ago(23 * DAY), revision: 5, version: '0.1.0' },
        session: live(),
        live: { configRevision: 5, version: '0.1.0' },
      }),
    )
    expect(s.headline).toMatchObject({ word: 'Live', tone: 'good', dot: 'online' })
    expect(fact(s, 'session')?.value).toBe('Live · owner')
    expect(fact(s, 'lastSeen')).toMatchObject({ value: 'now', tone: 'good' })
    expect(fact(s, 'lastSeen')?.source).toMatch(/live session; the hub's last word: 23 days ago/)
    // Same revision, same version: one fact each, no note about them.
    expect(fact(s, 'revision')).toMatchObject({ value: '5', source: 'running on the robot, as in the cache' })
    expect(s.notes).toEqual([
      expect.stringMatching(/"Offline" is the hub's word .* reaches the robot now, over its session/),
    ])
  })

  it('a robot on the revision the cache numbers differently says both, and why', () => {
    const older = machineStatusFacts(
      inputs({ session: live(), live: { configRevision: 1, version: '0.43.0' } }),
    )
    expect(fact(older, 'revision')).toMatchObject({ value: '1 on the robot, 5 in the cache', tone: 'warn' })
    expect(older.notes.join(' ')).toMatch(
      /runs revision 1, older than revision 5 in the cache: .* Apply to robot/,
    )
    const newer = machineStatusFacts(
      inputs({ session: live(), live: { configRevision: 6, version: '0.43.0' } }),
    )
    expect(newer.notes.join(' ')).toMatch(/runs revision 6, newer than revision 5 in the cache/)
  })

  it('different versions from the robot and the hub are both shown, with a note', () => {
    const s = machineStatusFacts(inputs({ session: live(), live: { configRevision: 5, version: '0.1.0' } }))
    expect(fact(s, 'version')?.value).toBe('0.1.0 on the robot, 0.43.0 per the hub')
    expect(s.notes.some((n) => /agent reports version 0.1.0 now; the hub recorded 0.43.0/.test(n))).toBe(true)
  })

  it('on the LAN without a session: Nearby, last seen now', () => {
    const s = machineStatusFacts(
      inputs({
        machine: { status: 'never-seen', lastSeenAt: null, revision: 1, version: null },
        nearby: { host: '127.0.0.1', port: 8787 },
      }),
    )
    expect(s.headline).toMatchObject({ word: 'Nearby', dot: 'online' })
    expect(fact(s, 'lan')).toMatchObject({ value: '127.0.0.1:8787', tone: 'good' })
    expect(fact(s, 'lastSeen')).toMatchObject({ value: 'now' })
    expect(s.notes[0]).toMatch(/"Never seen" is the hub's word .* on the LAN/)
  })

  it('a session that lost the robot: unreachable, last seen when it was lost, and the hub said online', () => {
    const s = machineStatusFacts(
      inputs({
        lastSyncAt: ago(60_000),
        session: { state: 'unreachable', since: ago(5 * 60_000), role: 'owner', attempts: 3 },
      }),
    )
    expect(s.headline).toMatchObject({ word: 'Unreachable', tone: 'bad', dot: 'unreachable' })
    expect(fact(s, 'lastSeen')).toMatchObject({ value: '5 min ago', tone: 'warn' })
    expect(s.notes).toEqual([expect.stringMatching(/hub said Online .* cannot reach the robot now/)])
  })

  it('without the core: the session and the LAN are unknown, never "live"', () => {
    const s = machineStatusFacts(
      inputs({
        session: live(),
        live: { configRevision: 5, version: 'x' },
        nearby: { host: 'h', port: 1 },
        coreReachable: false,
      }),
    )
    expect(s.headline).toMatchObject({ word: 'Unknown', tone: 'warn' })
    expect(fact(s, 'session')?.value).toBe('unknown')
    expect(fact(s, 'lan')?.value).toBe('unknown')
    expect(fact(s, 'lastSeen')?.value).not.toBe('now')
    // What the robot last reported is not shown as current either.
    expect(fact(s, 'revision')?.value).toBe('5')
    expect(s.notes[0]).toMatch(/lost the Fleetdesk core/)
  })

  it('the headline agrees with the facts for every combination', () => {
    const states = ['connecting', 'live', 'reconnecting', 'unreachable', 'closed'] as const
    for (const status of ['online', 'offline', 'unreachable', 'never-seen'] as const)
      for (const state of [...states, null])
        for (const nearby of [null, { host: 'h', port: 1 }])
          for (const coreReachable of [true, false]) {
            const session = state ? { state, since: ago(1000), role: 'owner', attempts: 0 } : null
            const input = inputs({
              machine: { status, lastSeenAt: null, revision: 1, version: null },
              session,
              nearby,
              coreReachable,
            })
            const s = machineStatusFacts(input)
            expect(s.headline).toEqual(
              machineHeadline({
                status,
                lastSyncAt: null,
                nearby: nearby !== null,
                session,
                coreReachable,
                now: NOW,
              }),
            )
            // A live headline only ever comes with a live session and the core in reach.
            if (s.headline.word === 'Live') expect(state === 'live' && coreReachable).toBe(true)
            if (s.headline.word === 'Nearby')
              expect(nearby !== null && coreReachable && !(state && state !== 'closed')).toBe(true)
          }
  })
})
