// When the agent asks the hub for its public keys again. The agent verifies part tokens offline
// from a cached key set; it refreshes that set on a timer (so a key the hub rolled in arrives before
// the first token signed with it, most of the time) and when a token names a key id it lacks (the
// roll happened since the last refresh). Anyone who can reach the agent can send a token with a
// made-up kid, so the second reason is rate-limited: at most one fetch per `minGapMs` whatever the
// reason, longer after failures (doubling up to `maxBackoffMs`), so a flood of bogus kids, or a hub
// that is down, costs the hub at most one request per gap.

export type KeyRefreshReason = 'start' | 'timer' | 'unknown-kid'

export interface KeyRefreshState {
  /** When the cached set was fetched from the hub (the cache file's time after a restart); null when there is none. */
  fetchedAt: number | null
  /** When the last fetch began, successful or not; null before the first. */
  lastAttemptAt: number | null
  /** Failed fetches since the last success. */
  failures: number
}

export interface KeyRefreshPolicy {
  /** A set older than this is refreshed by the timer. */
  intervalMs: number
  /** The least time between two fetches, whatever asks for them. */
  minGapMs: number
  /** The longest gap after repeated failures. */
  maxBackoffMs: number
}

export const DEFAULT_KEY_REFRESH_POLICY: KeyRefreshPolicy = {
  intervalMs: 10 * 60_000,
  minGapMs: 30_000,
  maxBackoffMs: 10 * 60_000,
}

export type KeyRefreshDecision =
  { refresh: true } | { refresh: false; why: 'fresh' | 'rate-limited'; retryInMs: number }

/** The gap that must pass after the last attempt: minGapMs, doubled per failure, capped. */
export function refreshGapMs(failures: number, policy: KeyRefreshPolicy): number {
  const doubled = policy.minGapMs * 2 ** Math.min(Math.max(failures, 0), 20)
  return Math.max(policy.minGapMs, Math.min(doubled, policy.maxBackoffMs))
}

/** Whether to fetch the hub's keys now, and if not, how long until asking again makes sense. */
export function decideKeyRefresh(
  state: KeyRefreshState,
  reason: KeyRefreshReason,
  now: number,
  policy: KeyRefreshPolicy = DEFAULT_KEY_REFRESH_POLICY,
): KeyRefreshDecision {
  if (state.lastAttemptAt !== null) {
    // A clock that stepped back (elapsed < 0) must not lock the agent out of refreshing for as long
    // as it stepped: treat it as a gap that has passed.
    const elapsed = now - state.lastAttemptAt
    const gap = refreshGapMs(state.failures, policy)
    if (elapsed >= 0 && elapsed < gap)
      return { refresh: false, why: 'rate-limited', retryInMs: gap - elapsed }
  }
  switch (reason) {
    case 'start':
    case 'unknown-kid':
      return { refresh: true }
    case 'timer': {
      if (state.fetchedAt === null || state.failures > 0) return { refresh: true }
      const age = now - state.fetchedAt
      if (age < 0 || age >= policy.intervalMs) return { refresh: true }
      return { refresh: false, why: 'fresh', retryInMs: policy.intervalMs - age }
    }
    default: {
      const unknown: never = reason
      throw new Error(`unknown refresh reason ${String(unknown)}`)
    }
  }
}
