import type { LogLevel } from '../../../shared/domain/logLevel'
import type { LogEntry } from '../../../shared/domain/model'
import type { PartId } from '../../../shared/ids'
import type { LogQuery } from '../types'
import type { SqlDb } from './SqlDb'

/** The capped log database (worker side). Ids grow with arrival; the cap deletes the lowest. */
export class LogStore {
  constructor(
    private readonly db: SqlDb,
    private readonly cap: number,
  ) {}

  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return
    this.db.transaction(() => {
      for (const e of entries) {
        this.db.run(
          'INSERT INTO logs (part_id, time, level, logger, message, fields) VALUES (?, ?, ?, ?, ?, ?)',
          [e.partId, e.time, e.level, e.logger, e.message, JSON.stringify(e.fields ?? {})],
        )
      }
      // Ids are contiguous from the oldest kept entry (only the lowest are ever deleted), so the
      // newest `cap` entries are exactly those above max(id) - cap.
      this.db.run('DELETE FROM logs WHERE id <= (SELECT max(id) FROM logs) - ?', [this.cap])
    })
  }

  query(query: LogQuery): LogEntry[] {
    const where = ['part_id = ?']
    const params: Array<string | number> = [query.partId]
    if (query.before !== undefined) {
      where.push('time < ?')
      params.push(query.before)
    }
    if (query.levels !== undefined) {
      if (query.levels.length === 0) return []
      where.push(`level IN (${query.levels.map(() => '?').join(', ')})`)
      params.push(...query.levels)
    }
    params.push(Math.max(0, Math.floor(query.limit)))
    return this.db
      .rows(
        `SELECT time, level, logger, message, fields FROM logs WHERE ${where.join(' AND ')} ORDER BY time DESC, id DESC LIMIT ?`,
        params,
      )
      .map((r) => ({
        partId: query.partId as PartId,
        time: r[0] as string,
        level: r[1] as LogLevel,
        logger: r[2] as string,
        message: r[3] as string,
        fields: JSON.parse(r[4] as string) as Record<string, unknown>,
      }))
  }

  count(): number {
    return Number(this.db.value('SELECT count(*) FROM logs'))
  }
}
