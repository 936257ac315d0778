// How long a config cached from the hub may keep a robot running with no word from the hub. A
// robot cut off for months may run a config its owners long since replaced (or a part they
// retired), so the cache has an end; the warning before it gives someone time to reconnect it.

export const CONFIG_CACHE_TTL_MS = 60 * 24 * 3600_000
/** The warning starts this long before the cache expires. */
export const CONFIG_CACHE_WARN_MS = 7 * 24 * 3600_000

export type ConfigExpiryState = 'fresh' | 'expiring' | 'expired'

export interface ConfigExpiry {
  state: ConfigExpiryState
  /** ISO time at which the cached config stops being used. */
  expiresAt: string
  msLeft: number
  /** Words for the status and the logs; empty while fresh. */
  message: string
}

/**
 * Judges a cached config by when the hub last confirmed it (`confirmedAt`, ms since the epoch):
 * fresh, expiring (within the warning window) or expired. Pure: the caller passes the time.
 */
export function configExpiry(
  confirmedAt: number,
  now: number,
  ttlMs = CONFIG_CACHE_TTL_MS,
  warnMs = CONFIG_CACHE_WARN_MS,
): ConfigExpiry {
  const expiresAtMs = confirmedAt + ttlMs
  const msLeft = Math.max(0, expiresAtMs - now)
  const expiresAt = new Date(expiresAtMs).toISOString()
  if (now >= expiresAtMs) {
    return {
      state: 'expired',
      expiresAt,
      msLeft,
      message: `the config cached from the hub expired at ${expiresAt}: connect the robot to its hub`,
    }
  }
  if (msLeft <= warnMs) {
    const days = Math.ceil(msLeft / (24 * 3600_000))
    return {
      state: 'expiring',
      expiresAt,
      msLeft,
      message: `the hub has not been reached for a long time: the cached config expires in ${days} day${days === 1 ? '' : 's'} (${expiresAt})`,
    }
  }
  return { state: 'fresh', expiresAt, msLeft, message: '' }
}
