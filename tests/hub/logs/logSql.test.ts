import { describe, expect, it } from 'vitest'
import {
  buildLogInsert,
  buildLogSelect,
  canonicalLogTime,
  decodeLogCursor,
  encodeLogCursor,
  escapeLike,
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
  it('one statement with two parameters, the part and the rows as JSON, whatever the batch size', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i))
    const statement = buildLogInsert(part, rows)
    expect(statement.values).toHaveLength(2)
    expect(statement.values[0]).toBe(part)
    const packed = JSON.parse(statement.values[1] as string) as { t: string; m: string; f: unknown }[]
    expect(packed).toHaveLength(5000)
    expect(packed[4999]).toEqual({ t: rows[4999]!.time, l: 'info', g: 'l', m: 'm4999', f: { i: 4999 } })
    expect(statement.text).toContain('json_to_recordset($2::json)')
    expect(statement.text).toContain('FOR KEY SHARE')
  })

  it('keeps times to the millisecond in UTC and replaces lone surrogates as parameters did', () => {
    expect(canonicalLogTime('2026-01-01T00:00:00.123Z')).toBe('2026-01-01T00:00:00.123Z')
    expect(canonicalLogTime('2026-01-01T02:00:00.123456+02:00')).toBe('2026-01-01T00:00:00.123Z')
    expect(canonicalLogTime('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z')
    const statement = buildLogInsert(part, [
      { ...row(1), message: 'a\ud800b\udc00c\ud83d\ude00', logger: '\udfff' },
    ])
    const [packed] = JSON.parse(statement.values[1] as string) as { m: string; g: string }[]
    expect(packed!.m).toBe('a\ufffdb\ufffdc\ud83d\ude00')
    expect(packed!.g).toBe('\ufffd')
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
