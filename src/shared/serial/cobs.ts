/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): rewrites bytes so that 0x00 never
 * occurs, at a cost of at most one byte per 254 (plus one). Each block is a code byte N (1..255)
 * followed by N-1 non-zero data bytes; a block with N < 255 stands for those bytes and a 0x00,
 * except the last, whose implied 0x00 is dropped. This is the standard form with no trailing zero:
 * the 0x00 delimiters around a frame are the framing's, not part of the encoding.
 */

/** The longest encoding of `length` bytes: one code byte per 254 data bytes, plus one. */
export function cobsMaxEncodedLength(length: number): number {
  return length + Math.floor(length / 254) + 1
}

export function cobsEncode(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(input.length))
  let codeAt = 0
  let code = 1
  let o = 1
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number
    if (byte === 0) {
      out[codeAt] = code
      codeAt = o++
      code = 1
      continue
    }
    out[o++] = byte
    code++
    if (code === 0xff) {
      out[codeAt] = code
      codeAt = o++
      code = 1
    }
  }
  out[codeAt] = code
  return out.subarray(0, o)
}

/**
 * Decodes one encoded block sequence (no 0x00 inside), or returns null when it is not a valid
 * encoding: a 0x00 byte, or a code byte that points past the end.
 */
export function cobsDecode(input: Uint8Array, start = 0, end = input.length): Uint8Array | null {
  if (end <= start) return null
  const out = new Uint8Array(end - start)
  let o = 0
  let i = start
  while (i < end) {
    const code = input[i] as number
    if (code === 0) return null
    const blockEnd = i + code
    if (blockEnd > end) return null
    for (let j = i + 1; j < blockEnd; j++) {
      const byte = input[j] as number
      if (byte === 0) return null
      out[o++] = byte
    }
    i = blockEnd
    // A short block ends in an implied zero, except at the very end of the frame.
    if (code < 0xff && i < end) out[o++] = 0
  }
  return out.subarray(0, o)
}
