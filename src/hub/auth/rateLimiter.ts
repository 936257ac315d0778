/**
 * A fixed-window limiter of failed attempts per key (an account's email, a client address). Pure
 * state plus a clock, so it is tested without waiting. In memory: with several hub processes each
 * keeps its own count, so the effective limit is per process (documented in docs/hub-api.md).
 */
export interface RateLimitOptions {
  /** Failures allowed in one window. */
  max: number
  windowMs: number
  /** Keys tracked at most; the oldest windows are dropped first (bounded memory under a flood). */
  maxKeys?: number
}

interface Window {
  start: number
  failures: number
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const w = this.windows.get(key)
    if (!w) return 0
    const elapsed = this.now() - w.start
    if (elapsed >= this.options.windowMs) {
      this.windows.delete(key)
      return 0
    }
    return w.failures >= this.options.max ? Math.ceil((this.options.windowMs - elapsed) / 1000) : 0
  }

  fail(key: string): void {
    const now = this.now()
    const w = this.windows.get(key)
    if (w && now - w.start < this.options.windowMs) {
      w.failures += 1
      return
    }
    this.windows.delete(key)
    this.windows.set(key, { start: now, failures: 1 })
    const maxKeys = this.options.maxKeys ?? 100_000
    if (this.windows.size > maxKeys) {
      const oldest = this.windows.keys().next().value
      if (oldest !== undefined) this.windows.delete(oldest)
    }
  }

  /** A success clears the key's failures. */
  reset(key: string): void {
    this.windows.delete(key)
  }
}
