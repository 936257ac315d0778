import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from '../../../src/shared/serial/cobs'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('COBS', () => {
  // The examples of the COBS paper and of the Wikipedia article.
  it.each([
    ['00', '0101'],
    ['0000', '010101'],
    ['001100', '01021101'],
    ['11223300', '0411223301'],
    ['11223344', '0511223344'],
    ['11000000', '02110101 01'.replace(' ', '')],
  ])('encodes %s as %s', (input, output) => {
    expect(hex(cobsEncode(Buffer.from(input, 'hex')))).toBe(output)
    expect(hex(cobsDecode(Buffer.from(output, 'hex'))!)).toBe(input)
  })

  it('puts a code byte after every 254 non-zero bytes', () => {
    const input = new Uint8Array(254).fill(7)
    const encoded = cobsEncode(input)
    expect(encoded[0]).toBe(0xff)
    expect(encoded.length).toBe(256)
    expect(encoded[255]).toBe(0x01)
    expect(cobsDecode(encoded)).toEqual(input)
  })

  it('round-trips any bytes, never emits a zero, and stays within the bound', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (input) => {
        const encoded = cobsEncode(input)
        expect(encoded.includes(0)).toBe(false)
        expect(encoded.length).toBeLessThanOrEqual(cobsMaxEncodedLength(input.length))
        expect(cobsDecode(encoded)).toEqual(input)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses an empty input, a zero byte and a code that points past the end', () => {
    expect(cobsDecode(new Uint8Array())).toBeNull()
    expect(cobsDecode(Uint8Array.of(3, 1, 0))).toBeNull()
    expect(cobsDecode(Uint8Array.of(5, 1, 2))).toBeNull()
  })
})
