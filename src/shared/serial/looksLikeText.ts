/**
 * Whether bytes read as text a device printed: well-formed UTF-8 with no control bytes other than
 * tab, newline, carriage return, escape (ANSI colours), backspace, form feed and bell. With
 * `openEnd`, a multi-byte character cut off at the end still counts (the rest comes next).
 */
export function looksLikeText(bytes: Uint8Array, start = 0, end = bytes.length, openEnd = false): boolean {
  let i = start
  while (i < end) {
    const b = bytes[i] as number
    if (b < 0x80) {
      if ((b < 0x20 && !ALLOWED_CONTROLS.has(b)) || b === 0x7f) return false
      i++
      continue
    }
    const extra = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (extra < 0) return false
    for (let k = 1; k <= extra; k++) {
      if (i + k >= end) return openEnd
      const c = bytes[i + k] as number
      if (c < 0x80 || c > 0xbf) return false
    }
    i += extra + 1
  }
  return true
}

const ALLOWED_CONTROLS = new Set([0x07, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1b])
