import { errorMessage } from '../../shared/errors/errorMessage'
import { backoffDelay } from './backoff'
import type { HubClient } from './HubClient'
import { HubRequestError } from './HubRequestError'
import { SseParser } from './SseParser'

export interface ChangeStreamOptions {
  client: HubClient
  /** The hub's newest cursor, at once on connecting and after every commit with changes. */
  onCursor(cursor: number): void
  /** Connected (the hub answered) or not, with the reason when not. */
  onState(connected: boolean, reason: string | null): void
  /** The hub refused the credentials: the stream stops (no reconnecting with a dead sign-in). */
  onSignedOut(error: HubRequestError): void
  /** Comment lines the hub sends this often keep the stream alive; silence for 3x this is a dead link. */
  heartbeatMs?: number
}

/**
 * Follows `GET /v1/changes/stream`: the nudges that make a pull happen within moments of a change.
 * Reconnects with backoff and jitter when the stream drops or goes silent (a dead link often
 * shows no error at all: the watchdog notices the missing heartbeats). A disposable: `close()`
 * stops it for good.
 */
export class ChangeStream {
  private readonly abort = new AbortController()
  private attempt = 0
  private closed = false
  private done: Promise<void> | null = null
  private wake: (() => void) | null = null

  constructor(private readonly options: ChangeStreamOptions) {}

  start(): void {
    this.done ??= this.run()
  }

  async close(): Promise<void> {
    this.closed = true
    this.abort.abort(new Error('closed'))
    this.wake?.()
    await this.done
  }

  private async run(): Promise<void> {
    const heartbeatMs = this.options.heartbeatMs ?? 15_000
    while (!this.closed) {
      const reason = await this.once(heartbeatMs)
      if (this.closed) break
      if (reason instanceof HubRequestError && reason.failure === 'signed-out') {
        this.options.onSignedOut(reason)
        return
      }
      this.options.onState(false, reason === null ? 'the hub closed the change stream' : errorMessage(reason))
      this.attempt++
      await this.sleep(backoffDelay(this.attempt, { baseMs: 500, maxMs: 30_000 }))
    }
  }

  /** One connection, until it ends; returns why it ended (null: the hub closed it). */
  private async once(heartbeatMs: number): Promise<unknown> {
    const link = new AbortController()
    const signal = AbortSignal.any([this.abort.signal, link.signal])
    let watchdog: NodeJS.Timeout | null = null
    const feed = (): void => {
      if (watchdog) clearTimeout(watchdog)
      watchdog = setTimeout(() => link.abort(new Error('no heartbeat from the hub')), heartbeatMs * 3)
    }
    try {
      const body = await this.options.client.openChangeStream(signal, heartbeatMs)
      this.attempt = 0
      this.options.onState(true, null)
      feed()
      const parser = new SseParser()
      const decoder = new TextDecoder()
      const reader = body.getReader()
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return null
          feed()
          for (const event of parser.push(decoder.decode(value, { stream: true })))
            this.onEvent(event.event, event.data)
        }
      } finally {
        reader.releaseLock()
        await body.cancel().catch(() => undefined)
      }
    } catch (err) {
      return signal.aborted && !this.abort.signal.aborted ? signal.reason : err
    } finally {
      if (watchdog) clearTimeout(watchdog)
      link.abort()
    }
  }

  private onEvent(event: string, data: string): void {
    if (event !== 'cursor') return
    try {
      const cursor = (JSON.parse(data) as { cursor?: unknown }).cursor
      if (typeof cursor === 'number' && Number.isInteger(cursor) && cursor >= 0) this.options.onCursor(cursor)
    } catch {
      // A malformed nudge is only a missed nudge: the 15 s poll still pulls.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }
}
