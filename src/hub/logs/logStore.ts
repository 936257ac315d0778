import type { LogLevel } from '../../shared/domain/logLevel'
import type { OrgId, PartId } from '../../shared/ids'
import type { Queryable, SqlParam } from '../db/Db'
import { HubError } from '../core/HubError'
import { buildLogInsert, buildLogSelect, encodeLogCursor, type LogFilter, type LogRowIn } from './logSql'
import { DEFAULT_RETENTION, planRetention, type RetentionPolicy, type RetentionStep } from './planRetention'

/** One batch, all or nothing, in one statement (buildLogInsert). */
export async function insertLogBatch(
  db: Queryable,
  partId: PartId,
  rows: readonly LogRowIn[],
): Promise<void> {
  const sql = buildLogInsert(partId, rows)
  const result = await db.query<{ found: number }>(sql.text, sql.values)
  // The route found the part before reading the body; it was deleted since.
  if (Number(result[0]?.found ?? 0) === 0) throw new HubError('not-found', 'The part does not exist.')
}

export interface LogEntryOut {
  id: string
  time: string
  level: LogLevel
  logger: string
  message: string
  fields: Record<string, unknown>
}

interface LogRow {
  id: string
  time: Date | string
  level: LogLevel
  logger: string
  message: string
  fields: Record<string, unknown> | string
}

export async function queryLogs(
  db: Queryable,
  filter: LogFilter,
): Promise<{ entries: LogEntryOut[]; nextCursor: string | null }> {
  const sql = buildLogSelect(filter)
  const rows = await db.query<LogRow>(sql.text, sql.values)
  const page = rows.slice(0, filter.limit).map((r) => ({
    id: r.id,
    time: (r.time instanceof Date ? r.time : new Date(r.time)).toISOString(),
    level: r.level,
    logger: r.logger,
    message: r.message,
    fields: typeof r.fields === 'string' ? (JSON.parse(r.fields) as Record<string, unknown>) : r.fields,
  }))
  const last = page[page.length - 1]
  const more = rows.length > filter.limit
  return {
    entries: page,
    nextCursor: more && last ? encodeLogCursor({ time: last.time, id: last.id }) : null,
  }
}

export async function loadRetention(db: Queryable, orgId: OrgId): Promise<RetentionPolicy> {
  const rows = await db.query<{ max_age_days: number; max_rows_per_part: number }>(
    `SELECT max_age_days, max_rows_per_part FROM org_log_retention WHERE org_id = $1`,
    [orgId],
  )
  const row = rows[0]
  return row
    ? { maxAgeDays: Number(row.max_age_days), maxRowsPerPart: Number(row.max_rows_per_part) }
    : DEFAULT_RETENTION
}

/** Counts in the database, so a big prune does not ship every deleted row back. */
async function deletedCount(db: Queryable, deleteSql: string, params: SqlParam[]): Promise<number> {
  const rows = await db.query<{ n: number | string }>(
    `WITH d AS (${deleteSql}) SELECT count(*) AS n FROM d`,
    params,
  )
  return Number(rows[0]?.n ?? 0)
}

async function runStep(db: Queryable, step: RetentionStep): Promise<number> {
  switch (step.kind) {
    case 'delete-older-than': {
      return deletedCount(
        db,
        `DELETE FROM part_logs WHERE part_id = $1 AND time < $2::timestamptz RETURNING 1`,
        [step.partId, step.before],
      )
    }
    case 'trim-part': {
      // Everything at or below the (keepNewest + 1)th newest row, in the index's own order.
      return deletedCount(
        db,
        `DELETE FROM part_logs WHERE part_id = $1 AND (time, id) <= (
           SELECT time, id FROM part_logs WHERE part_id = $1 ORDER BY time DESC, id DESC OFFSET $2 LIMIT 1
         ) RETURNING 1`,
        [step.partId, step.keepNewest],
      )
    }
  }
}

/** Prunes one organization's logs to its bound; returns the rows deleted. */
export async function pruneOrgLogs(db: Queryable, orgId: OrgId, now: Date): Promise<number> {
  const policy = await loadRetention(db, orgId)
  const counts = await db.query<{ part_id: string; n: number | string }>(
    `SELECT p.id AS part_id, (SELECT count(*) FROM part_logs l WHERE l.part_id = p.id) AS n
     FROM parts p JOIN machines m ON m.id = p.machine_id WHERE m.org_id = $1`,
    [orgId],
  )
  const steps = planRetention(
    orgId,
    policy,
    counts.map((c) => ({ partId: c.part_id as PartId, rows: Number(c.n) })),
    now,
  )
  let deleted = 0
  for (const step of steps) deleted += await runStep(db, step)
  return deleted
}

export async function pruneAllLogs(db: Queryable, now: Date): Promise<number> {
  const orgs = await db.query<{ id: string }>(`SELECT id FROM organizations ORDER BY id`)
  let deleted = 0
  for (const org of orgs) deleted += await pruneOrgLogs(db, org.id as OrgId, now)
  return deleted
}
