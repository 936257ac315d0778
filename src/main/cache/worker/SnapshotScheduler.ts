/**
 * Decides when a database is exported to disk: `delayMs` after the last change (changes often come
 * in bursts), but no later than `maxDelayMs` after the first unsaved one, so a steady stream of
 * changes still gets snapshots. One write at a time; changes made during a write schedule another.
 */
export class SnapshotScheduler {
  private dirtySince: number | null = null
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private disposed = false

  constructor(
    private readonly write: () => Promise<void>,
    private readonly delayMs: number,
    private readonly maxDelayMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  get dirty(): boolean {
    return this.dirtySince !== null
  }

  markDirty(): void {
    if (this.disposed) return
    const now = Date.now()
    this.dirtySince ??= now
    this.arm(Math.max(0, Math.min(this.delayMs, this.dirtySince + this.maxDelayMs - now)))
  }

  /** Writes now if anything is unsaved (after any write in progress). */
  async flush(): Promise<void> {
    this.clearTimer()
    while (this.running) await this.running.catch(() => undefined)
    if (this.dirtySince === null) return
    const since = this.dirtySince
    // `write` exports synchronously before its first await, so changes from here on are not in
    // this snapshot and must mark the database dirty again.
    this.dirtySince = null
    this.running = this.write()
      .catch((err: unknown) => {
        // Keep the data marked unsaved and retry later.
        this.dirtySince ??= since
        if (!this.disposed) this.arm(this.maxDelayMs)
        throw err
      })
      .finally(() => {
        this.running = null
      })
    await this.running
  }

  /** Waits for a write in progress and stops scheduling new ones. */
  async dispose(): Promise<void> {
    this.disposed = true
    this.clearTimer()
    while (this.running) await this.running.catch(() => undefined)
  }

  private arm(ms: number): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush().catch(this.onError)
    }, ms)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
