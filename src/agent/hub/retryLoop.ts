import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff'

// The shape of every hub loop: run a step; after a failure wait with backoff and jitter; after a
// success wait what the step asks (0 for at once). Nothing a step throws escapes: a hub answering
// 500 or garbage makes the loop wait, never crashes the agent.

export interface RetryLoop {
  /** Ends the wait in progress (an append, a change) so the next step starts at once. */
  wake(): void
  stop(): void
  readonly signal: AbortSignal
}

export function startRetryLoop(
  step: (signal: AbortSignal) => Promise<number>,
  options: { onFailure: (err: unknown, failures: number) => void; backoff?: BackoffPolicy },
): RetryLoop {
  const controller = new AbortController()
  let wakeWait: (() => void) | undefined
  let woken = false
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (woken || ms <= 0) {
        woken = false
        resolve()
        return
      }
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        wakeWait = undefined
        woken = false
        resolve()
      }
      wakeWait = done
    })
  void (async () => {
    let failures = 0
    while (!controller.signal.aborted) {
      let waitMs: number
      try {
        waitMs = await step(controller.signal)
        failures = 0
      } catch (err) {
        if (controller.signal.aborted) break
        failures++
        options.onFailure(err, failures)
        waitMs = backoffDelay(failures, options.backoff ?? DEFAULT_BACKOFF)
      }
      if (controller.signal.aborted) break
      await sleep(waitMs)
    }
  })()
  return {
    signal: controller.signal,
    wake() {
      if (wakeWait) wakeWait()
      else woken = true
    },
    stop() {
      controller.abort()
      wakeWait?.()
    },
  }
}
