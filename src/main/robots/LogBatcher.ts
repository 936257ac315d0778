import type { LogEntry } from '../../shared/domain/model'

/**
 * Collects live log entries per robot and hands them on in batches (every `intervalMs`), so a robot
 * printing thousands of lines a second costs a few events a second, not thousands.
 */
export class LogBatcher {
  private readonly pending = new Map<string, LogEntry[]>()
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly deliver: (partId: string, entries: LogEntry[]) => void,
    private readonly intervalMs = 50,
  ) {}

  add(partId: string, entries: LogEntry[]): void {
    if (entries.length === 0) return
    const list = this.pending.get(partId)
    if (list) list.push(...entries)
    else this.pending.set(partId, [...entries])
    this.timer ??= setTimeout(() => this.flushAll(), this.intervalMs)
  }

  flush(partId: string): void {
    const entries = this.pending.get(partId)
    if (!entries) return
    this.pending.delete(partId)
    this.deliver(partId, entries)
  }

  flushAll(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    for (const partId of [...this.pending.keys()]) this.flush(partId)
  }
}
