import { LOG_LEVELS, type LogLevel } from '../../shared/domain/logLevel'
import type { PartId } from '../../shared/ids'
import type { SqlParam } from '../db/Db'

/** A statement with positional parameters ($1, $2, ...), as PGlite and pg both take them. */
export interface Sql {
  text: string
  values: SqlParam[]
}

export interface LogRowIn {
  time: string
  level: LogLevel
  logger: string
  message: string
  fields: Record<string, unknown>
}

/**
 * Rows per statement. PostgreSQL allows 65,535 parameters; 2,000 rows (12,002 parameters) keeps a
 * statement well inside that and one round trip carries a whole agent batch.
 */
export const ROWS_PER_INSERT = 2000

/** What a row weighs for usage: its text, logger and fields as stored. */
export function logRowBytes(row: LogRowIn, fieldsJson: string): number {
  return (
    Buffer.byteLength(row.message, 'utf8') +
    Buffer.byteLength(row.logger, 'utf8') +
    Buffer.byteLength(fieldsJson, 'utf8')
  )
}

/** Multi-row INSERTs for one part's batch, split at ROWS_PER_INSERT rows. */
export function buildLogInserts(partId: PartId, rows: readonly LogRowIn[]): Sql[] {
  const statements: Sql[] = []
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT)
    const values: SqlParam[] = [partId]
    const tuples: string[] = []
    for (const row of chunk) {
      const fieldsJson = JSON.stringify(row.fields)
      const p = values.length
      tuples.push(`($1, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb, $${p + 6})`)
      values.push(row.time, row.level, row.logger, row.message, fieldsJson, logRowBytes(row, fieldsJson))
    }
    statements.push({
      text: `INSERT INTO part_logs (part_id, time, level, logger, message, fields, bytes) VALUES ${tuples.join(', ')}`,
      values,
    })
  }
  return statements
}

export interface LogCursor {
  time: string
  id: string
}

export interface LogFilter {
  partId: PartId
  /** Least severe level returned (debug returns everything). */
  minLevel?: LogLevel
  since?: string
  until?: string
  /** Substring of the message, case-insensitive; `%`, `_` and `\` match themselves. */
  text?: string
  /** Continue after this row (newest first). */
  after?: LogCursor
  limit: number
}

/** Escapes LIKE's wildcards so user text matches literally (the ESCAPE character is backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Newest first, keyset paging on (time, id) so a page never repeats or skips rows that arrive meanwhile. */
export function buildLogSelect(filter: LogFilter): Sql {
  const values: SqlParam[] = [filter.partId]
  const where: string[] = ['part_id = $1']
  const bind = (value: SqlParam): string => {
    values.push(value)
    return `$${values.length}`
  }
  if (filter.minLevel !== undefined && filter.minLevel !== 'debug') {
    const levels = LOG_LEVELS.slice(LOG_LEVELS.indexOf(filter.minLevel))
    // An IN list rather than ANY($n): the Db seam passes scalars only.
    where.push(`level IN (${levels.map((l) => bind(l)).join(', ')})`)
  }
  if (filter.since !== undefined) where.push(`time >= ${bind(filter.since)}::timestamptz`)
  if (filter.until !== undefined) where.push(`time < ${bind(filter.until)}::timestamptz`)
  if (filter.text !== undefined && filter.text !== '') {
    where.push(`message ILIKE '%' || ${bind(escapeLike(filter.text))} || '%' ESCAPE '\\'`)
  }
  if (filter.after !== undefined) {
    where.push(`(time, id) < (${bind(filter.after.time)}::timestamptz, ${bind(filter.after.id)}::bigint)`)
  }
  const limit = bind(filter.limit + 1)
  return {
    text:
      `SELECT id::text AS id, time, level, logger, message, fields FROM part_logs WHERE ${where.join(' AND ')} ` +
      `ORDER BY time DESC, id DESC LIMIT ${limit}`,
    values,
  }
}

export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.id]), 'utf8').toString('base64url')
}

/** null for anything that is not a cursor this hub made (the route answers 400). */
export function decodeLogCursor(text: string): LogCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 2) return null
    const [time, id] = parsed as unknown[]
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return null
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) return null
    return { time, id }
  } catch {
    return null
  }
}
