import type { Clock, TimerHandle } from './runtime/Clock'

// Motion needs a live session. A session is live from its hello until `timeoutMs` passes without
// a heartbeat; then, or when the session closes, `onExpire` runs once per lapse (the session
// stops whatever it moved). A later heartbeat makes the session live again. The timer is re-armed
// on each heartbeat, so the stop happens `timeoutMs` after the last one, not up to a poll later.

export type ExpiryReason = 'heartbeat-timeout' | 'session-closed'

export class Watchdog {
  private timer: TimerHandle | undefined
  private live = false
  private stopped = false

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly onExpire: (reason: ExpiryReason) => void,
  ) {}

  /** Whether motion commands may be accepted now. */
  get isLive(): boolean {
    return this.live && !this.stopped
  }

  /** A heartbeat (or the hello): live for another `timeoutMs`. */
  beat(): void {
    if (this.stopped) return
    if (this.timer) this.clock.clearTimer(this.timer)
    this.live = true
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.live = false
      this.onExpire('heartbeat-timeout')
    }, this.timeoutMs)
  }

  /** The session ended: expire now, for good. */
  close(): void {
    if (this.stopped) return
    this.stopped = true
    if (this.timer) this.clock.clearTimer(this.timer)
    this.timer = undefined
    this.live = false
    this.onExpire('session-closed')
  }
}
