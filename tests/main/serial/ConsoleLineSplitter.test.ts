import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConsoleLineSplitter, MAX_LINE_BYTES } from '../../../src/main/serial/console/ConsoleLineSplitter'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('ConsoleLineSplitter', () => {
  it('splits at LF, CRLF and a lone CR, with the time each line began', () => {
    const s = new ConsoleLineSplitter()
    expect(s.push(bytes('boot ok\r\nready\nA'), 100)).toEqual([
      { at: 100, text: 'boot ok', eol: '\r\n' },
      { at: 100, text: 'ready', eol: '\n' },
    ])
    expect(s.partial()).toEqual({ at: 100, text: 'A', eol: '' })
    expect(s.push(bytes('BC\rnext'), 200)).toEqual([{ at: 100, text: 'ABC', eol: '\r' }])
    expect(s.partial()).toEqual({ at: 200, text: 'next', eol: '' })
  })

  it('waits for the byte after a CR that ends a chunk: CRLF split across chunks is one ending', () => {
    const s = new ConsoleLineSplitter()
    expect(s.push(bytes('one\r'), 1)).toEqual([])
    expect(s.partial()?.text).toBe('one')
    expect(s.push(bytes('\ntwo\n'), 2)).toEqual([
      { at: 1, text: 'one', eol: '\r\n' },
      { at: 2, text: 'two', eol: '\n' },
    ])
  })

  it('decodes a character split across chunks whole', () => {
    const s = new ConsoleLineSplitter()
    const euro = bytes('€\n') // e2 82 ac 0a
    expect(s.push(euro.subarray(0, 1), 1)).toEqual([])
    expect(s.push(euro.subarray(1, 2), 2)).toEqual([])
    expect(s.push(euro.subarray(2), 3)).toEqual([{ at: 1, text: '€', eol: '\n' }])
  })

  it('shows invalid UTF-8 as replacement characters and keeps the real bytes as hex', () => {
    const s = new ConsoleLineSplitter()
    const [line] = s.push(new Uint8Array([0x41, 0xff, 0xc3, 0x0a]), 5)
    expect(line).toEqual({ at: 5, text: 'A\uFFFD\uFFFD', eol: '\n', hex: '41ffc30a' })
  })

  it('breaks a line that never ends, so rows and memory stay bounded', () => {
    const s = new ConsoleLineSplitter(10)
    const lines = s.push(bytes('x'.repeat(25)), 1)
    expect(lines.map((l) => [l.text, l.eol])).toEqual([
      ['x'.repeat(10), ''],
      ['x'.repeat(10), ''],
    ])
    expect(s.partial()?.text).toBe('xxxxx')
  })

  it('keeps the bytes of a character cut by a break as hex on both sides', () => {
    const s = new ConsoleLineSplitter(4)
    const lines = s.push(bytes('abc€def\n'), 1)
    expect(lines[0]).toEqual({ at: 1, text: 'abc', eol: '', hex: '616263e2' })
    expect(lines[1]!.text).toBe('€de')
  })

  it('never throws, never holds more than a line, and loses no byte of valid text', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 }), (chunks) => {
        const s = new ConsoleLineSplitter(64)
        for (const c of chunks) {
          for (const line of s.push(c, 0)) expect(line.text.length).toBeLessThanOrEqual(64)
          expect((s.partial()?.text.length ?? 0) <= 64).toBe(true)
        }
      }),
    )
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 50 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 7 }),
        (lines, cut) => {
          const clean = lines.map((l) => l.replace(/[\r\n]/g, ''))
          const all = bytes(clean.map((l) => `${l}\n`).join(''))
          const s = new ConsoleLineSplitter(MAX_LINE_BYTES)
          const out = []
          for (let i = 0; i < all.length; i += cut) out.push(...s.push(all.subarray(i, i + cut), 0))
          expect(out.map((l) => l.text)).toEqual(clean)
          expect(out.every((l) => l.hex === undefined)).toBe(true)
        },
      ),
    )
  })
})
