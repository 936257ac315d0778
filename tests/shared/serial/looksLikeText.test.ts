import { describe, expect, it } from 'vitest'
import { looksLikeText } from '../../../src/shared/serial/looksLikeText'

const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes)
const t = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('looksLikeText', () => {
  it('takes printable text, UTF-8, line endings, tabs and ANSI colours', () => {
    expect(looksLikeText(t('boot ok\r\n\tmotor: 12 °C \x1b[32mOK\x1b[0m é ✓ 🚀'))).toBe(true)
  })

  it('refuses other control bytes, DEL, stray continuation bytes and bad lead bytes', () => {
    expect(looksLikeText(b(0x41, 0x01))).toBe(false)
    expect(looksLikeText(b(0x7f))).toBe(false)
    expect(looksLikeText(b(0x80))).toBe(false)
    expect(looksLikeText(b(0xc0, 0x80))).toBe(false)
    expect(looksLikeText(b(0xff))).toBe(false)
    expect(looksLikeText(b(0xc3, 0x41))).toBe(false)
  })

  it('accepts a character cut at the end only when more may follow', () => {
    const cut = t('é').subarray(0, 1)
    expect(looksLikeText(cut)).toBe(false)
    expect(looksLikeText(cut, 0, cut.length, true)).toBe(true)
  })
})
