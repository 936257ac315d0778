import { describe, expect, it } from 'vitest'
import {
  fieldRows,
  fullLogTime,
  localDay,
  logTimeLabel,
  spansOtherDays,
} from '../../../src/renderer/src/logs/logTime'

// Times are built from local dates, so the tests hold in any time zone.
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): string =>
  new Date(y, mo - 1, d, h, mi, s, ms).toISOString()

describe('log times', () => {
  const today = localDay(new Date(2026, 11, 1, 12).getTime())

  it('shows today’s lines as a time and other days’ with their date', () => {
    expect(today).toBe('2026-12-01')
    expect(logTimeLabel(at(2026, 12, 1, 9, 5, 7, 42), today)).toBe('09:05:07.042')
    expect(logTimeLabel(at(2026, 11, 1, 8), today)).toBe('2026-11-01 08:00:00.000')
    expect(logTimeLabel(at(2026, 12, 2, 0, 0, 1), today)).toBe('2026-12-02 00:00:01.000')
    expect(logTimeLabel('not a time', today)).toBe('not a time')
  })

  it('widens the time column when the first or the last line is from another day', () => {
    expect(spansOtherDays(null, today)).toBe(false)
    expect(spansOtherDays({ first: at(2026, 12, 1, 1), last: at(2026, 12, 1, 23) }, today)).toBe(false)
    expect(spansOtherDays({ first: at(2026, 11, 1, 8), last: at(2026, 12, 1, 23) }, today)).toBe(true)
    expect(spansOtherDays({ first: at(2026, 12, 1, 8), last: at(2026, 12, 2, 0, 1) }, today)).toBe(true)
  })

  it('gives the opened row its date, time and zone', () => {
    expect(fullLogTime(at(2026, 11, 1, 8, 0, 0, 5))).toMatch(/^2026-11-01 08:00:00\.005 UTC[+-]\d\d:\d\d$/)
  })

  it('shows fields as strings as they are and anything else as JSON', () => {
    expect(fieldRows({ motor: 'left', attempt: 3, bus: { id: 'can0' } })).toEqual([
      { key: 'motor', value: 'left' },
      { key: 'attempt', value: '3' },
      { key: 'bus', value: '{\n  "id": "can0"\n}' },
    ])
  })
})
