/**
 * Whether to send an offer again after the agent refused it, and when. The agent says 429 (too many
 * offers pending from this address) or 503 (every setup slot taken) with Retry-After when waiting
 * helps; anything else is final. A wait that would end past the setup's deadline is not worth it,
 * and a few tries are enough: a robot that keeps refusing is reported, not hammered.
 */
export const MAX_SIGNAL_RETRIES = 3

export function signalRetryDelayMs(input: {
  status: number
  /** The Retry-After header as sent: seconds, or an HTTP date. */
  retryAfter: string | null
  /** Tries already retried for this setup. */
  retries: number
  /** Time left before the setup gives up. */
  remainingMs: number
  now: number
}): number | null {
  if (input.status !== 429 && input.status !== 503) return null
  if (input.retries >= MAX_SIGNAL_RETRIES || input.retryAfter === null) return null
  const text = input.retryAfter.trim()
  let delayMs: number
  if (/^\d+$/.test(text)) delayMs = Number(text) * 1000
  else {
    const at = Date.parse(text)
    if (Number.isNaN(at)) return null
    delayMs = Math.max(0, at - input.now)
  }
  return delayMs < input.remainingMs ? delayMs : null
}

/**
 * Whether to send the offer again after the request itself failed (no HTTP answer at all: the
 * connection was refused or reset, as happens when a robot's Wi-Fi drops a packet or a loaded
 * machine lets a socket time out). The offer is sent again under a new session id, so an agent that
 * did receive the first one answers the second rather than refusing a duplicate. Short, doubling
 * waits, within the setup's deadline and the same few tries.
 */
export function signalNetworkRetryDelayMs(input: { retries: number; remainingMs: number }): number | null {
  if (input.retries >= MAX_SIGNAL_RETRIES) return null
  const delayMs = 200 * 2 ** input.retries
  return delayMs < input.remainingMs ? delayMs : null
}

/** "fetch failed" says nothing; its cause's code (ECONNREFUSED, ECONNRESET…) says what happened. */
export function describeFetchFailure(err: unknown): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  const detail = code ?? (typeof cause?.message === 'string' ? cause.message : undefined)
  const base = err instanceof Error ? err.message : String(err)
  return detail === undefined
    ? `the robot could not be reached (${base})`
    : `the robot could not be reached (${detail})`
}
