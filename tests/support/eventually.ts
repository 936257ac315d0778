// One way for tests to wait for a condition that an event does not announce: poll a probe until it
// yields a value (or stops throwing). The bound is generous on purpose: it exists so a broken test
// ends, not to measure speed, so a loaded CI machine never fails it. Where the timing itself is the
// product's promise (the 500 ms safety stop, 2 s unreachable), assert it separately.

export interface EventuallyOptions {
  /** How long until the test gives up; a bound for a hung test, not a speed assertion. */
  timeoutMs?: number
  /** Pause between probes. */
  intervalMs?: number
}

export const EVENTUALLY_TIMEOUT_MS = 20_000

/**
 * Resolves with the first value the probe returns that is not `undefined`. A probe that throws is
 * retried too (so `expect(...)` can be used inside); the last error is reported when time runs out.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? EVENTUALLY_TIMEOUT_MS
  const intervalMs = options.intervalMs ?? 20
  const until = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (err) {
      lastError = err
    }
    if (Date.now() > until) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`${what}: not within ${timeoutMs} ms${why}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Resolves with the first emission for which `match` holds; rejects after the bound. */
export function nextEvent<T>(
  what: string,
  subscribe: (listener: (value: T) => void) => () => void,
  match: (value: T) => boolean = () => true,
  options: Pick<EventuallyOptions, 'timeoutMs'> = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? EVENTUALLY_TIMEOUT_MS
  return new Promise<T>((resolve, reject) => {
    let done = false
    const subscription: { unsubscribe?: () => void } = {}
    const timer = setTimeout(() => {
      done = true
      subscription.unsubscribe?.()
      reject(new Error(`${what}: not within ${timeoutMs} ms`))
    }, timeoutMs)
    subscription.unsubscribe = subscribe((value) => {
      if (done || !match(value)) return
      done = true
      clearTimeout(timer)
      // A listener called during subscribe() has no unsubscribe yet: drop it right after.
      queueMicrotask(() => subscription.unsubscribe?.())
      resolve(value)
    })
    if (done) subscription.unsubscribe()
  })
}
