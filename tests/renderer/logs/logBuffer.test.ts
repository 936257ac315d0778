import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LogEntry } from '../../../src/shared/domain/model'
import type { LogLevel } from '../../../src/shared/domain/logLevel'
import type { PartId } from '../../../src/shared/ids'
import { LogBuffer, logKey } from '../../../src/renderer/src/logs/LogBuffer'
import {
  ALL_LOGS,
  FilteredLogs,
  logMatcher,
  logsToJsonl,
  type LogFilter,
} from '../../../src/renderer/src/logs/logFilter'

const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const entry = (ms: number, message: string, level: LogLevel = 'info', logger = 'agent'): LogEntry => ({
  partId: 'p1' as PartId,
  time: new Date(T0 + ms).toISOString(),
  level,
  logger,
  message,
  fields: {},
})

describe('LogBuffer', () => {
  it('keeps lines in time order and each line once (live repeats of cached lines)', () => {
    const b = new LogBuffer(100)
    b.add([entry(10, 'b'), entry(20, 'c')])
    const live = b.add([entry(20, 'c'), entry(30, 'd')])
    expect(live).toMatchObject({ reordered: false, dropped: 0 })
    expect(live.appended.map((r) => r.entry.message)).toEqual(['d'])
    // Cached history arriving after live lines goes underneath them.
    const cached = b.add([entry(0, 'a'), entry(10, 'b')])
    expect(cached.reordered).toBe(true)
    expect(b.rows.map((r) => r.entry.message)).toEqual(['a', 'b', 'c', 'd'])
    // Ordinals follow list order after a merge, so filtered views can cut by them.
    const ords = b.rows.map((r) => r.ordinal)
    expect([...ords].sort((x, y) => x - y)).toEqual(ords)
  })

  it('sorts a batch that arrives out of order', () => {
    const b = new LogBuffer(10)
    b.add([entry(30, 'c'), entry(10, 'a'), entry(20, 'b')])
    expect(b.rows.map((r) => r.entry.message)).toEqual(['a', 'b', 'c'])
  })

  it('drops the oldest lines beyond capacity and counts them', () => {
    const b = new LogBuffer(3)
    b.add([entry(1, 'a'), entry(2, 'b')])
    const r = b.add([entry(3, 'c'), entry(4, 'd'), entry(5, 'e')])
    expect(r.dropped).toBe(2)
    expect(b.droppedTotal).toBe(2)
    expect(b.rows.map((x) => x.entry.message)).toEqual(['c', 'd', 'e'])
    expect(r.appended.map((x) => x.entry.message)).toEqual(['c', 'd', 'e'])
  })

  it('takes a 5,000 lines/s burst for a minute in 50 ms batches, capped', () => {
    const b = new LogBuffer(100_000)
    const view = new FilteredLogs({ ...ALL_LOGS, levels: new Set<LogLevel>(['warn', 'error']) }, [])
    let t = 0
    // 60 s at 5,000 lines/s = 300,000 lines, delivered as the core batches them (250 per 50 ms).
    for (let batch = 0; batch < 1200; batch++) {
      const entries: LogEntry[] = []
      for (let i = 0; i < 250; i++, t++) entries.push(entry(t, `line ${t}`, t % 10 === 0 ? 'warn' : 'info'))
      view.apply(b.add(entries), b.rows)
    }
    expect(b.size).toBe(100_000)
    expect(b.droppedTotal).toBe(200_000)
    expect(view.rows.length).toBe(10_000)
    expect(view.rows[0]?.entry.message).toBe('line 200000')
    // How fast this is belongs to the bench (bench/logsBench.ts), not to a test on a shared machine.
  })

  it('matches a full rescan after any sequence of adds (incremental view = rebuild)', () => {
    const arbEntry = fc.record({
      ms: fc.integer({ min: 0, max: 200 }),
      message: fc.constantFrom('start', 'stop', 'motor moved', 'ERROR here', 'x'),
      level: fc.constantFrom<LogLevel>('debug', 'info', 'warn', 'error'),
      logger: fc.constantFrom('agent', 'session', 'motor'),
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(arbEntry, { maxLength: 20 }), { maxLength: 15 }),
        fc.integer({ min: 1, max: 40 }),
        (batches, cap) => {
          const filter: LogFilter = { levels: new Set<LogLevel>(['info', 'error']), logger: null, text: 'o' }
          const b = new LogBuffer(cap)
          const view = new FilteredLogs(filter, [])
          for (const batch of batches) {
            view.apply(b.add(batch.map((e) => entry(e.ms, e.message, e.level, e.logger))), b.rows)
          }
          const rescan = b.rows.filter((r) => logMatcher(filter)(r.entry))
          expect(view.rows.map((r) => r.ordinal)).toEqual(rescan.map((r) => r.ordinal))
          expect(b.size).toBeLessThanOrEqual(cap)
          expect(new Set(b.rows.map((r) => logKey(r.entry))).size).toBe(b.size)
        },
      ),
    )
  })
})

describe('log filters', () => {
  const lines = [
    entry(1, 'motor started', 'info', 'motor'),
    { ...entry(2, 'lost heartbeat', 'warn', 'session'), fields: { session: 'abc-123' } },
    entry(3, 'Crashed', 'error', 'agent'),
  ]
  const shown = (f: Partial<LogFilter>): string[] =>
    lines.filter(logMatcher({ ...ALL_LOGS, ...f })).map((e) => e.message)

  it('filters by level, by logger, and by text in message, logger or fields, ignoring case', () => {
    expect(shown({ levels: new Set<LogLevel>(['warn', 'error']) })).toEqual(['lost heartbeat', 'Crashed'])
    expect(shown({ logger: 'motor' })).toEqual(['motor started'])
    expect(shown({ text: 'crash' })).toEqual(['Crashed'])
    expect(shown({ text: 'ABC-1' })).toEqual(['lost heartbeat'])
    expect(shown({ text: '  ' })).toHaveLength(3)
  })

  it('exports one JSON object per line', () => {
    const b = new LogBuffer(10)
    b.add(lines)
    const text = logsToJsonl(b.rows)
    const parsed = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry)
    expect(parsed.map((e) => e.message)).toEqual(['motor started', 'lost heartbeat', 'Crashed'])
    expect(parsed[1]?.fields).toEqual({ session: 'abc-123' })
  })
})
