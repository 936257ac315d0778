import type { LogEntry } from '../../../shared/domain/model'

/** One stored line. `ordinal` grows along the buffer, so a filtered view can tell which lines were dropped. */
export interface LogRow {
  ordinal: number
  entry: LogEntry
}

export interface LogAddResult {
  /** The new rows, when they all went after the existing ones (the common, live case). */
  appended: LogRow[]
  /** True when rows went into the middle (cached history arriving after live lines): views must rebuild. */
  reordered: boolean
  /** Rows dropped from the front by this call to stay within capacity. */
  dropped: number
}

/** Live and cached copies of the same line are the same line. */
export function logKey(e: Pick<LogEntry, 'time' | 'logger' | 'message'>): string {
  return `${e.time}\u0000${e.logger}\u0000${e.message}`
}

/**
 * The LOGS tab's lines: kept in time order, each line once (live entries repeat what the cache holds:
 * the subscription's tail, and the core caches what it streams), at most `capacity` lines, the oldest
 * dropped first and counted so the UI can say so.
 */
export class LogBuffer {
  private readonly list: LogRow[] = []
  private readonly keys = new Set<string>()
  private nextOrdinal = 0
  /** Lines dropped to stay within capacity since the buffer was made. */
  droppedTotal = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer')
  }

  get rows(): readonly LogRow[] {
    return this.list
  }

  get size(): number {
    return this.list.length
  }

  add(entries: readonly LogEntry[]): LogAddResult {
    const fresh: LogEntry[] = []
    for (const e of entries) {
      const key = logKey(e)
      if (this.keys.has(key)) continue
      this.keys.add(key)
      fresh.push(e)
    }
    if (fresh.length === 0) return { appended: [], reordered: false, dropped: 0 }
    // ISO times of one clock sort as strings; a stable sort keeps arrival order for equal times.
    const inOrder = fresh.every((e, i) => i === 0 || (fresh[i - 1] as LogEntry).time <= e.time)
    if (!inOrder) fresh.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
    const last = this.list[this.list.length - 1]
    const first = fresh[0] as LogEntry
    let appended: LogRow[] = []
    let reordered = false
    if (!last || last.entry.time <= first.time) {
      appended = fresh.map((entry) => ({ ordinal: this.nextOrdinal++, entry }))
      for (const row of appended) this.list.push(row)
    } else {
      this.merge(fresh)
      reordered = true
    }
    const dropped = this.trim()
    // Appended rows that were dropped at once (a burst bigger than the buffer) are not reported.
    if (dropped > 0 && appended.length > 0) {
      const firstKept = this.list[0]?.ordinal ?? this.nextOrdinal
      appended = appended.filter((r) => r.ordinal >= firstKept)
    }
    return { appended, reordered, dropped }
  }

  /** Merges sorted entries into the sorted list and renumbers (ordinals must follow list order). */
  private merge(fresh: LogEntry[]): void {
    const old = this.list.splice(0)
    let i = 0
    let j = 0
    while (i < old.length || j < fresh.length) {
      const a = old[i]
      const b = fresh[j]
      // Ties go to the line already held, so its place does not move.
      const takeOld = a !== undefined && (b === undefined || a.entry.time <= b.time)
      const entry = takeOld ? (a as LogRow).entry : (b as LogEntry)
      if (takeOld) i++
      else j++
      this.list.push({ ordinal: this.nextOrdinal++, entry })
    }
  }

  private trim(): number {
    const over = this.list.length - this.capacity
    if (over <= 0) return 0
    for (const row of this.list.splice(0, over)) this.keys.delete(logKey(row.entry))
    this.droppedTotal += over
    return over
  }

  clear(): void {
    this.list.length = 0
    this.keys.clear()
    this.droppedTotal = 0
  }
}
