import { describe, expect, it } from 'vitest'
import { FrameDecoder, type FrameEvent } from '../../../src/shared/serial/FrameDecoder'
import { encodeFrame, encodeMessageFrame, maxEncodedFrameBytes } from '../../../src/shared/serial/frame'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))
const frames = (events: FrameEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'frame' ? [new TextDecoder().decode(e.payload)] : []))
const consoleText = (events: FrameEvent[]): string =>
  events.map((e) => (e.kind === 'console' ? Buffer.from(e.bytes).toString('latin1') : '')).join('')

describe('FrameDecoder', () => {
  it('decodes frames and hands the text around them to the console', () => {
    const decoder = new FrameDecoder()
    const wire = concat(
      text('boot v1.2\r\n'),
      encodeMessageFrame('{"a":1}'),
      text('motor on\r\n'),
      encodeMessageFrame('{"b":2}'),
      encodeMessageFrame('{"c":3}'),
    )
    const events = decoder.push(wire)
    expect(frames(events)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}'])
    expect(consoleText(events)).toBe('boot v1.2\r\nmotor on\r\n')
    expect(decoder.stats.framesDropped).toEqual({ badCrc: 0, badCobs: 0, oversized: 0 })
    expect(decoder.stats.consoleBytes).toBe(21)
  })

  it('decodes a frame split into single bytes', () => {
    const decoder = new FrameDecoder()
    const events = [...encodeMessageFrame('{"split":"é"}')].flatMap((b) => decoder.push(Uint8Array.of(b)))
    expect(frames(events)).toEqual(['{"split":"é"}'])
  })

  it('drops a frame with a bad CRC, counts it, shows its bytes, and carries on', () => {
    const decoder = new FrameDecoder()
    const bad = encodeMessageFrame('{"jsonrpc":"2.0","id":1}')
    bad[5] = bad[5]! ^ 0x01
    const events = decoder.push(concat(bad, encodeMessageFrame('{"ok":true}')))
    expect(frames(events)).toEqual(['{"ok":true}'])
    expect(events.find((e) => e.kind === 'dropped')).toEqual({
      kind: 'dropped',
      reason: 'badCrc',
      bytes: bad.length - 2,
    })
    expect(consoleText(events)).toBe(Buffer.from(bad.subarray(1, -1)).toString('latin1'))
  })

  it('drops binary garbage as bad COBS and keeps plain text as text', () => {
    const decoder = new FrameDecoder()
    const events = decoder.push(concat(Uint8Array.of(0, 9, 1, 2, 0), text('hello\n'), Uint8Array.of(0)))
    expect(decoder.stats.framesDropped.badCobs).toBe(1)
    expect(consoleText(events)).toBe('\x09\x01\x02hello\n')
  })

  it('drops an oversized frame, passes its bytes on, and decodes the next one', () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: 100 })
    const big = encodeFrame(new Uint8Array(500).fill(0xff))
    const events = decoder.push(concat(big, encodeMessageFrame('{"next":1}')))
    expect(decoder.stats.framesDropped.oversized).toBe(1)
    expect(frames(events)).toEqual(['{"next":1}'])
    expect(decoder.stats.consoleBytes).toBe(big.length - 2)
  })

  it('never holds more than the largest frame, however long the line has no 0x00', () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: 1000 })
    let consoleBytes = 0
    for (let i = 0; i < 100; i++) {
      for (const e of decoder.push(text('x'.repeat(97) + '\r\n')))
        if (e.kind === 'console') consoleBytes += e.bytes.length
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(maxEncodedFrameBytes(1000))
    }
    expect(decoder.stats.framesDropped.oversized).toBe(0)
    expect(consoleBytes + decoder.bufferedBytes).toBe(9900)
  })

  it('flushes pending text when the line goes idle, but keeps a binary frame in progress', () => {
    const decoder = new FrameDecoder()
    decoder.push(text('ready> '))
    expect(consoleText(decoder.flushPending())).toBe('ready> ')
    expect(consoleText(decoder.push(text('more')))).toBe('more')
    const frame = encodeFrame(Uint8Array.of(1, 0, 2, 0, 3))
    decoder.push(frame.subarray(0, 4))
    expect(decoder.flushPending()).toEqual([])
    expect(decoder.push(frame.subarray(4)).filter((e) => e.kind === 'frame')).toHaveLength(1)
  })
})
