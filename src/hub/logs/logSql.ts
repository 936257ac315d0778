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

/** What a row weighs for usage: its text, logger and fields as stored (the insert computes it in SQL). */
export function logRowBytes(row: LogRowIn, fieldsJson: string): number {
  return (
    Buffer.byteLength(row.message, 'utf8') +
    Buffer.byteLength(row.logger, 'utf8') +
    Buffer.byteLength(fieldsJson, 'utf8')
  )
}

/** The form `Date.prototype.toISOString` writes: what agents send, kept as is. */
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Times kept to the millisecond, as JavaScript reads them, so paging cursors are exact. */
export function canonicalLogTime(time: string): string {
  return CANONICAL_TIME.test(time) ? time : new Date(time).toISOString()
}

/**
 * A lone UTF-16 surrogate would reach PostgreSQL as a `\ud800` escape its JSON parser refuses;
 * bound as a parameter it used to become U+FFFD, which is what it becomes here.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function wellFormed(text: string): string {
  LONE_SURROGATE.lastIndex = 0
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text
}

/**
 * One statement for a whole batch, whatever its size: the rows travel as one JSON parameter that
 * `json_to_recordset` unpacks in the database (faster than a VALUES list of 6 parameters a row on
 * both PGlite and PostgreSQL, and no parameter limit to split at). The part row is locked once
 * (FOR KEY SHARE, what a foreign key would take per row; migration 033 replaced it with a delete
 * trigger), so a part deleted meanwhile waits for the batch and then takes its logs with it. The
 * `json` type keeps each entry's fields as the exact text JSON.stringify wrote, so `bytes` is
 * counted in SQL from it. Returns `found`: 0 when the part does not exist (nothing inserted).
 */
export function buildLogInsert(partId: PartId, rows: readonly LogRowIn[]): Sql {
  const compact = rows.map((row) => ({
    t: canonicalLogTime(row.time),
    l: row.level,
    g: wellFormed(row.logger),
    m: wellFormed(row.message),
    f: row.fields,
  }))
  return {
    text: `WITH part AS (SELECT id FROM parts WHERE id = $1 FOR KEY SHARE),
      ins AS (
        INSERT INTO part_logs (part_id, time, level, logger, message, fields, bytes)
        SELECT part.id, r.t, r.l, r.g, r.m, r.f::jsonb,
          octet_length(r.m) + octet_length(r.g) + octet_length(r.f::text)
        FROM part, json_to_recordset($2::json) AS r(t timestamptz, l text, g text, m text, f json)
      )
      SELECT count(*)::int AS found FROM part`,
    values: [partId, JSON.stringify(compact)],
  }
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
