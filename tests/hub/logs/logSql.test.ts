import { describe, expect, it } from 'vitest'
import {
  buildLogInserts,
  buildLogSelect,
  decodeLogCursor,
  encodeLogCursor,
  escapeLike,
  ROWS_PER_INSERT,
} from '../../../src/hub/logs/logSql'
import type { PartId } from '../../../src/shared/ids'

const part = 'part_1' as PartId
const row = (i: number) => ({
  time: new Date(i).toISOString(),
  level: 'info' as const,
  logger: 'l',
  message: `m${i}`,
  fields: { i },
})

describe('log SQL', () => {
  it('binds the part once and splits big batches', () => {
    const rows = Array.from({ length: ROWS_PER_INSERT + 1 }, (_, i) => row(i))
    const statements = buildLogInserts(part, rows)
    expect(statements).toHaveLength(2)
    expect(statements[0]!.values).toHaveLength(1 + ROWS_PER_INSERT * 6)
    expect(statements[1]!.values).toEqual([
      part,
      rows.at(-1)!.time,
      'info',
      'l',
      `m${ROWS_PER_INSERT}`,
      `{"i":${ROWS_PER_INSERT}}`,
      5 + 1 + 10,
    ])
    expect(statements[1]!.text).toContain('($1, $2, $3, $4, $5, $6::jsonb, $7)')
  })

  it('keeps user text out of the SQL and escapes LIKE wildcards', () => {
    const q = buildLogSelect({ partId: part, minLevel: 'warn', text: "50%_'; DROP TABLE x; --", limit: 10 })
    expect(q.text).not.toContain('DROP')
    expect(q.values).toEqual([part, 'warn', 'error', "50\\%\\_'; DROP TABLE x; --", 11])
    expect(escapeLike('a\\b')).toBe('a\\\\b')
  })

  it('round-trips cursors and refuses forged ones', () => {
    const c = { time: '2026-01-01T00:00:00.000Z', id: '42' }
    expect(decodeLogCursor(encodeLogCursor(c))).toEqual(c)
    for (const bad of [
      '',
      'xyz',
      Buffer.from('["x","1"]').toString('base64url'),
      Buffer.from('["2026-01-01T00:00:00Z","1; --"]').toString('base64url'),
    ]) {
      expect(decodeLogCursor(bad)).toBeNull()
    }
  })
})
