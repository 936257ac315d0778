import type { ConsoleLine, SerialConsoleBatch, SerialConsoleSnapshot } from '../../../shared/api/serialViews'
import { ConsoleBuffer } from '../../../shared/console/ConsoleBuffer'

/**
 * A window's copy of one console: the core's snapshot, then each batch after it (a batch sent
 * before the snapshot arrived is kept only for the lines the snapshot did not have yet). Capped as
 * the core's buffer is; `trimmed` counts every line dropped on either side. Pure: no I/O, no React.
 */
export class ConsoleFeed {
  private buffer = new ConsoleBuffer()
  private early: SerialConsoleBatch[] = []
  private lastSeq = 0
  private clears: number | null = null
  ready = false
  partial: ConsoleLine | null = null
  bytesIn = 0
  /** Bumped on every change: views re-render when it moves. */
  version = 0

  get size(): number {
    return this.buffer.size + (this.partial ? 1 : 0)
  }

  get trimmed(): number {
    return this.buffer.trimmed
  }

  /** Row `index` (the partial line last). */
  at(index: number): ConsoleLine | undefined {
    return index < this.buffer.size ? this.buffer.at(index) : (this.partial ?? undefined)
  }

  load(snapshot: SerialConsoleSnapshot): void {
    this.buffer = new ConsoleBuffer()
    this.buffer.add(snapshot.lines)
    this.buffer.trimmed = snapshot.trimmed
    this.lastSeq = snapshot.lines.at(-1)?.seq ?? 0
    this.partial = snapshot.partial
    this.bytesIn = snapshot.bytesIn
    this.clears = snapshot.clears
    this.ready = true
    const early = this.early
    this.early = []
    for (const b of early) this.add(b)
    this.version++
  }

  add(batch: SerialConsoleBatch): void {
    if (!this.ready) {
      this.early.push(batch)
      return
    }
    const fresh = batch.lines.filter((l) => l.seq > this.lastSeq)
    if (fresh.length > 0) {
      this.buffer.add(fresh)
      this.lastSeq = fresh[fresh.length - 1]!.seq
    }
    this.buffer.trimmed += batch.trimmed
    this.partial = batch.partial
    this.bytesIn = batch.bytesIn
    this.version++
  }

  /** The console's clear count from its state: a change means some window cleared it. */
  noteClears(clears: number): void {
    if (this.clears === null || clears === this.clears) {
      this.clears ??= clears
      return
    }
    this.clears = clears
    this.buffer.clear()
    this.partial = null
    this.version++
  }
}
