// Time for everything in the agent that moves or expires: models integrate their state lazily
// from `now()`, the watchdog and subscriptions use the timers. Tests pass a ManualClock so physics
// is exact and instant; the agent in production uses the system clock.

export type TimerHandle = { readonly id: number }

export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin); never decreases. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  setInterval(fn: () => void, ms: number): TimerHandle
  clearTimer(handle: TimerHandle): void
}

/** The real clock. `now()` is wall time so log timestamps and token expiry agree with the world. */
export function systemClock(): Clock {
  const handles = new Map<number, ReturnType<typeof setTimeout>>()
  let next = 1
  let last = 0
  const keep = (timer: ReturnType<typeof setTimeout>): TimerHandle => {
    const id = next++
    handles.set(id, timer)
    return { id }
  }
  return {
    // Wall time can step backwards (NTP); physics must not run backwards with it.
    now: () => (last = Math.max(last, Date.now())),
    setTimeout(fn, ms) {
      const handle: TimerHandle = keep(
        setTimeout(() => {
          handles.delete(handle.id)
          fn()
        }, ms),
      )
      return handle
    },
    setInterval: (fn, ms) => keep(setInterval(fn, ms)),
    clearTimer(handle) {
      const timer = handles.get(handle.id)
      if (timer === undefined) return
      clearTimeout(timer)
      clearInterval(timer)
      handles.delete(handle.id)
    },
  }
}
