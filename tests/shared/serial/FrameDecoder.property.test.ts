import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { FrameDecoder } from '../../../src/shared/serial/FrameDecoder'
import { cobsEncode } from '../../../src/shared/serial/cobs'
import { encodeFrame, maxEncodedFrameBytes, withCrc } from '../../../src/shared/serial/frame'

// A million and more random and mutated bytes through the decoder. fast-check picks the shape of
// each stream (what kind of segment comes next, its length, where it is mutated, how the stream is
// chunked); the bytes themselves come from a seeded xorshift so large streams stay cheap to make.

const MAX_PAYLOAD = 3000
const LIMIT = maxEncodedFrameBytes(MAX_PAYLOAD)
let bytesFed = 0

function xorshift(seed: number): () => number {
  let x = seed | 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
}

function randomBytes(seed: number, length: number, zeroRate: number): Uint8Array {
  const next = xorshift(seed)
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    const r = next()
    out[i] = r % 1000 < zeroRate ? 0 : r >>> 24
  }
  return out
}

const SegmentSpec = fc.oneof(
  // Random garbage, with or without 0x00 bytes in it, up to several frame limits long.
  fc.record({
    kind: fc.constant('garbage' as const),
    seed: fc.integer(),
    length: fc.nat(14_000),
    zeroRate: fc.constantFrom(0, 2, 50),
  }),
  // Printable text with no 0x00 (boot messages), sometimes far longer than the limit.
  fc.record({ kind: fc.constant('text' as const), seed: fc.integer(), length: fc.nat(9000) }),
  // A valid frame: the ones the property follows.
  fc.record({
    kind: fc.constant('frame' as const),
    seed: fc.integer(),
    length: fc.integer({ min: 1, max: MAX_PAYLOAD }),
  }),
  // A valid frame mutated: bytes flipped, cut short, or a 0x00 dropped in the middle.
  fc.record({
    kind: fc.constant('mutated' as const),
    seed: fc.integer(),
    length: fc.integer({ min: 1, max: MAX_PAYLOAD }),
    flips: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    cut: fc.boolean(),
  }),
  // A frame over the limit.
  fc.record({
    kind: fc.constant('oversized' as const),
    seed: fc.integer(),
    length: fc.integer({ min: MAX_PAYLOAD + 1, max: 3 * MAX_PAYLOAD }),
  }),
)
type Spec = typeof SegmentSpec extends fc.Arbitrary<infer T> ? T : never

function build(spec: Spec): { bytes: Uint8Array; payload?: Uint8Array } {
  switch (spec.kind) {
    case 'garbage':
      return { bytes: randomBytes(spec.seed, spec.length, spec.zeroRate) }
    case 'text': {
      const next = xorshift(spec.seed)
      const bytes = new Uint8Array(spec.length)
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 80 === 79 ? 0x0a : 0x20 + (next() % 95)
      return { bytes }
    }
    case 'frame': {
      const payload = randomBytes(spec.seed, spec.length, 10)
      return { bytes: encodeFrame(payload), payload }
    }
    case 'mutated': {
      const bytes = encodeFrame(randomBytes(spec.seed, spec.length, 10))
      for (const flip of spec.flips) {
        const at = 1 + (flip % (bytes.length - 2))
        bytes[at] = bytes[at]! ^ (1 << (flip % 8)) || 0x55
      }
      return { bytes: spec.cut ? bytes.subarray(0, Math.max(2, bytes.length >> 1)) : bytes }
    }
    case 'oversized':
      return { bytes: encodeFrame(randomBytes(spec.seed, spec.length, 10)) }
  }
}

describe('FrameDecoder under random and mutated input', () => {
  afterAll(() => {
    // The brief of the property: at least a million bytes overall.
    expect(bytesFed).toBeGreaterThanOrEqual(1_000_000)
  })

  it('never throws, stays bounded, loses no byte, and decodes every valid frame', () => {
    fc.assert(
      fc.property(
        fc.array(SegmentSpec, { minLength: 1, maxLength: 24 }),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (specs, chunkSizes, flushAtGarbage) => {
          const built = specs.map(build)
          const wire = new Uint8Array(built.reduce((n, b) => n + b.bytes.length, 0))
          const garbageEnds = new Set<number>()
          let at = 0
          for (const [i, b] of built.entries()) {
            wire.set(b.bytes, at)
            at += b.bytes.length
            if (specs[i]!.kind === 'garbage') garbageEnds.add(at)
          }
          const decoder = new FrameDecoder({ maxPayloadBytes: MAX_PAYLOAD })
          const decoded: Uint8Array[] = []
          let consoleBytes = 0
          let frameSegmentBytes = 0
          let maxChunk = 0
          const take = (events: ReturnType<FrameDecoder['push']>): void => {
            for (const e of events) {
              if (e.kind === 'frame') {
                decoded.push(e.payload)
                frameSegmentBytes += cobsEncode(withCrc(e.payload)).length
              } else if (e.kind === 'console') consoleBytes += e.bytes.length
            }
          }
          let offset = 0
          for (let c = 0; offset < wire.length; c++) {
            const size = Math.min(chunkSizes[c % chunkSizes.length]!, wire.length - offset)
            maxChunk = Math.max(maxChunk, size)
            take(decoder.push(wire.subarray(offset, offset + size)))
            offset += size
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(LIMIT + maxChunk)
            if (flushAtGarbage && garbageEnds.has(offset)) take(decoder.flushPending())
          }
          bytesFed += wire.length
          // Every byte is a delimiter, part of a decoded frame, or console bytes: none thrown away.
          const zeros = wire.reduce((n, b) => n + (b === 0 ? 1 : 0), 0)
          expect(zeros + frameSegmentBytes + consoleBytes + decoder.bufferedBytes).toBe(wire.length)
          // Every valid frame placed, whatever came before it, comes out in order.
          const wanted = built.flatMap((b) => (b.payload ? [b.payload] : []))
          let next = 0
          for (const payload of decoded) {
            if (next < wanted.length && Buffer.from(payload).equals(Buffer.from(wanted[next]!))) next++
          }
          expect(next).toBe(wanted.length)
        },
      ),
      { numRuns: 120 },
    )
  })
})
