import { describe, expect, it } from 'vitest'
import {
  decideKeyRefresh,
  refreshGapMs,
  type KeyRefreshPolicy,
  type KeyRefreshState,
} from '../../src/agent/hubKeys/decideKeyRefresh'

const policy: KeyRefreshPolicy = { intervalMs: 600_000, minGapMs: 30_000, maxBackoffMs: 240_000 }
const T = 1_000_000_000
const state = (over: Partial<KeyRefreshState>): KeyRefreshState => ({
  fetchedAt: null,
  lastAttemptAt: null,
  failures: 0,
  ...over,
})

describe('decideKeyRefresh', () => {
  it('fetches at start and for an unknown kid when nothing was fetched yet', () => {
    expect(decideKeyRefresh(state({}), 'start', T, policy)).toEqual({ refresh: true })
    expect(decideKeyRefresh(state({}), 'unknown-kid', T, policy)).toEqual({ refresh: true })
    expect(decideKeyRefresh(state({}), 'timer', T, policy)).toEqual({ refresh: true })
  })

  it('rate-limits unknown kids to one fetch per gap, however many arrive', () => {
    const s = state({ fetchedAt: T, lastAttemptAt: T })
    for (const dt of [0, 1, 10_000, 29_999]) {
      expect(decideKeyRefresh(s, 'unknown-kid', T + dt, policy)).toEqual({
        refresh: false,
        why: 'rate-limited',
        retryInMs: 30_000 - dt,
      })
    }
    expect(decideKeyRefresh(s, 'unknown-kid', T + 30_000, policy)).toEqual({ refresh: true })
  })

  it('lets the timer refresh only a set older than the interval', () => {
    const s = state({ fetchedAt: T, lastAttemptAt: T })
    expect(decideKeyRefresh(s, 'timer', T + 60_000, policy)).toEqual({
      refresh: false,
      why: 'fresh',
      retryInMs: 540_000,
    })
    expect(decideKeyRefresh(s, 'timer', T + 600_000, policy)).toEqual({ refresh: true })
  })

  it('a set loaded from the file (fetched long ago, not attempted) is refreshed at once', () => {
    const s = state({ fetchedAt: T - 86_400_000 })
    expect(decideKeyRefresh(s, 'timer', T, policy)).toEqual({ refresh: true })
  })

  it('backs off after failures, doubling up to the cap, and the timer retries after it', () => {
    expect(refreshGapMs(0, policy)).toBe(30_000)
    expect(refreshGapMs(1, policy)).toBe(60_000)
    expect(refreshGapMs(2, policy)).toBe(120_000)
    expect(refreshGapMs(3, policy)).toBe(240_000)
    expect(refreshGapMs(50, policy)).toBe(240_000)
    const failed = state({ fetchedAt: T - 10_000, lastAttemptAt: T, failures: 2 })
    expect(decideKeyRefresh(failed, 'unknown-kid', T + 119_999, policy).refresh).toBe(false)
    expect(decideKeyRefresh(failed, 'timer', T + 119_999, policy).refresh).toBe(false)
    // After the gap the timer retries even though the set is younger than the interval.
    expect(decideKeyRefresh(failed, 'timer', T + 120_000, policy)).toEqual({ refresh: true })
  })

  it('a clock that stepped back does not lock refreshing out', () => {
    const s = state({ fetchedAt: T, lastAttemptAt: T })
    expect(decideKeyRefresh(s, 'unknown-kid', T - 3_600_000, policy)).toEqual({ refresh: true })
    expect(decideKeyRefresh(s, 'timer', T - 3_600_000, policy)).toEqual({ refresh: true })
  })
})
