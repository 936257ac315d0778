import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../../src/shared/codec/crc32'
import {
  decodeFrames,
  encodeFrame,
  parseSegmentFileName,
  segmentFileName,
} from '../../../src/main/cache/journal/journalFormat'
import type { JournalRecord } from '../../../src/main/cache/JournalRecord'

const record = (seq: number): JournalRecord => ({
  kind: 'setting',
  seq,
  key: `k${seq}`,
  value: { n: seq, s: 'é✓' },
})
const frames = (records: JournalRecord[]): Buffer =>
  Buffer.concat(records.map((r) => encodeFrame(JSON.stringify(r))))

describe('journal format', () => {
  it('computes the IEEE CRC-32 (as zlib)', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32(Buffer.alloc(0))).toBe(0)
  })

  it('decodes what it encodes', () => {
    const records = [1, 2, 3].map(record)
    expect(decodeFrames(frames(records))).toEqual({
      records,
      validBytes: frames(records).length,
      error: null,
    })
  })

  it('keeps every whole frame before a torn tail, wherever the write was cut', () => {
    const records = [1, 2, 3].map(record)
    const bytes = frames(records)
    const ends = [0, ...records.map((_, i) => frames(records.slice(0, i + 1)).length)]
    for (let cut = 0; cut < bytes.length; cut++) {
      const decoded = decodeFrames(bytes.subarray(0, cut))
      const whole = ends.filter((e) => e <= cut).length - 1
      expect(decoded.records).toEqual(records.slice(0, whole))
      expect(decoded.validBytes).toBe(ends[whole])
      expect(decoded.error === null).toBe(cut === ends[whole])
    }
  })

  it('stops at a frame whose bytes changed, and never throws on garbage', () => {
    const bytes = frames([1, 2].map(record))
    const flipped = Buffer.from(bytes)
    flipped[bytes.length - 3] = (flipped[bytes.length - 3] as number) ^ 0x40
    const decoded = decodeFrames(flipped)
    expect(decoded.records).toEqual([record(1)])
    expect(decoded.error).toMatch(/checksum/)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
        const d = decodeFrames(Buffer.concat([bytes, garbage]))
        expect(d.records.slice(0, 2)).toEqual([record(1), record(2)])
      }),
    )
  })

  it('names segments so that they sort by first seq', () => {
    expect(segmentFileName(42)).toBe('journal-000000000042.log')
    expect(parseSegmentFileName('journal-000000000042.log')).toBe(42)
    expect(parseSegmentFileName('journal-000000000042.log.newer-x')).toBeNull()
    expect(parseSegmentFileName('cache.sqlite')).toBeNull()
  })
})
