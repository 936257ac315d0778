import type { Clock, TimerHandle } from './Clock'

interface Timer {
  id: number
  at: number
  every: number | undefined
  fn: () => void
}

/** A clock that moves only when told: deterministic physics, watchdogs and subscriptions in tests. */
export class ManualClock implements Clock {
  private time: number
  private readonly timers = new Map<number, Timer>()
  private nextId = 1

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, undefined)
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms))
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  /** Moves time forward by `ms`, firing due timers in time order (each at its own time). */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      let due: Timer | undefined
      for (const t of this.timers.values()) if (t.at <= end && (!due || t.at < due.at)) due = t
      if (!due) break
      this.time = Math.max(this.time, due.at)
      if (due.every === undefined) this.timers.delete(due.id)
      else due.at += due.every
      due.fn()
    }
    this.time = end
  }

  get pendingTimers(): number {
    return this.timers.size
  }

  private add(fn: () => void, ms: number, every: number | undefined): TimerHandle {
    const id = this.nextId++
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), every, fn })
    return { id }
  }
}
