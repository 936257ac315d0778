// Retry delays after a failed hub call: exponential, capped, with full jitter so that a fleet cut
// off together does not come back in step and hammer the hub at the same instant.

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 15_000 }

/**
 * The delay before retry number `failures` (1 for the first retry): uniform in
 * [cap/2, cap], cap = min(maxMs, baseMs * 2^(failures-1)). Half the cap is kept so retries never
 * bunch up at zero; `random` is injectable for tests.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30))
  return Math.round(cap / 2 + (random() * cap) / 2)
}
