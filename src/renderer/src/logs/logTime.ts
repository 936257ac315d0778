// Log times for the LOGS list. A time alone is ambiguous once the log cache holds lines from earlier
// days (a month-old line next to today's looked like today's), so a line from any other day than
// today carries its date; today's stay short.

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** The local calendar day of a time (ms since the epoch), as YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Local time of day to the millisecond: 14:03:22.120. */
export function localClock(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** What a row shows in its time column: the time, with the date before it when not today. */
export function logTimeLabel(iso: string, today: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const day = localDay(t)
  return day === today ? localClock(t) : `${day} ${localClock(t)}`
}

/**
 * Whether any of these time-ordered lines is from another day than today: then the time column is
 * made wide enough for dates. Lines are sorted, so the first and the last tell.
 */
export function spansOtherDays(times: { first: string; last: string } | null, today: string): boolean {
  if (!times) return false
  return [times.first, times.last].some((iso) => {
    const t = Date.parse(iso)
    return !Number.isNaN(t) && localDay(t) !== today
  })
}

/** Date and time for the opened row, local and with the zone offset: unambiguous when shared. */
export function fullLogTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const offset = -new Date(t).getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  return `${localDay(t)} ${localClock(t)} ${zone}`
}

/** Structured fields as rows of the opened view: strings as they are, anything else as JSON. */
export function fieldRows(fields: Record<string, unknown>): Array<{ key: string; value: string }> {
  return Object.entries(fields).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value)),
  }))
}
