import type { LogEntry } from '../../../shared/domain/model'
import { LOG_LEVELS, type LogLevel } from '../../../shared/domain/logLevel'
import type { LogAddResult, LogRow } from './LogBuffer'

export interface LogFilter {
  levels: ReadonlySet<LogLevel>
  /** Exact logger name; null for every logger. */
  logger: string | null
  /** Case-insensitive text looked for in the message, the logger and the fields. */
  text: string
}

export const ALL_LOGS: LogFilter = { levels: new Set(LOG_LEVELS), logger: null, text: '' }

/** The filter as a predicate, with the lower-cased needle computed once rather than per line. */
export function logMatcher(filter: LogFilter): (entry: LogEntry) => boolean {
  const needle = filter.text.trim().toLowerCase()
  const { levels, logger } = filter
  const everyLevel = levels.size === LOG_LEVELS.length
  return (e) => {
    if (!everyLevel && !levels.has(e.level)) return false
    if (logger !== null && e.logger !== logger) return false
    if (needle === '') return true
    if (e.message.toLowerCase().includes(needle) || e.logger.toLowerCase().includes(needle)) return true
    return Object.keys(e.fields).length > 0 && JSON.stringify(e.fields).toLowerCase().includes(needle)
  }
}

/**
 * The rows a filter lets through, kept up to date incrementally: appended rows are tested once and
 * dropped rows removed from the front, so 5,000 lines a second cost 5,000 tests, not a rescan of the
 * whole buffer each frame. A reorder (history merged under live lines) rebuilds.
 */
export class FilteredLogs {
  private list: LogRow[] = []
  private matches: (entry: LogEntry) => boolean

  constructor(filter: LogFilter, rows: readonly LogRow[]) {
    this.matches = logMatcher(filter)
    this.rebuild(rows)
  }

  get rows(): readonly LogRow[] {
    return this.list
  }

  setFilter(filter: LogFilter, rows: readonly LogRow[]): void {
    this.matches = logMatcher(filter)
    this.rebuild(rows)
  }

  rebuild(rows: readonly LogRow[]): void {
    this.list = rows.filter((r) => this.matches(r.entry))
  }

  /** Applies what a LogBuffer.add did; `rows` is the buffer after it. */
  apply(result: LogAddResult, rows: readonly LogRow[]): void {
    if (result.reordered) {
      this.rebuild(rows)
      return
    }
    if (result.dropped > 0) {
      const firstKept = rows[0]?.ordinal ?? Number.POSITIVE_INFINITY
      let cut = 0
      while (cut < this.list.length && (this.list[cut] as LogRow).ordinal < firstKept) cut++
      if (cut > 0) this.list.splice(0, cut)
    }
    for (const row of result.appended) if (this.matches(row.entry)) this.list.push(row)
  }
}

/** Loggers seen, sorted, for the logger filter's choices. */
export function collectLoggers(into: Set<string>, entries: readonly LogEntry[]): boolean {
  const before = into.size
  for (const e of entries) into.add(e.logger)
  return into.size !== before
}

/** One JSON object per line, the entries as the robot wrote them: what `jq` and log tools read. */
export function logsToJsonl(rows: readonly LogRow[]): string {
  let out = ''
  for (const r of rows) out += `${JSON.stringify(r.entry)}\n`
  return out
}
