/** A line as the splitter finishes it; the console numbers it. */
export interface SplitLine {
  at: number
  text: string
  /** '\n', '\r\n', '\r', or '' for a line broken because it grew too long. */
  eol: string
  /** Hex of the bytes, only when `text` + `eol` would not encode back to them. */
  hex?: string
}

const LF = 0x0a
const CR = 0x0d

/** Longest line kept whole: a device that never sends a newline still gives rows a screen can show. */
export const MAX_LINE_BYTES = 4096

const encoder = new TextEncoder()

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16)
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Turns a byte stream into lines with the time each began to arrive. UTF-8 is decoded as a stream
 * (a character split across chunks comes out whole; invalid bytes become U+FFFD, never an error).
 * Lines end at LF, CRLF or a lone CR (a CR at the end of a chunk waits for the next byte), and a
 * line with no ending is broken at MAX_LINE_BYTES, so memory stays bounded whatever arrives.
 */
export class ConsoleLineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  private parts: Uint8Array[] = []
  private length = 0
  private text = ''
  private startedAt = 0
  private crPending = false

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** The lines this chunk finished, in order. */
  push(bytes: Uint8Array, at: number): SplitLine[] {
    const done: SplitLine[] = []
    let segStart = 0
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]
      if (this.crPending) {
        this.crPending = false
        if (b === LF) {
          this.append(bytes.subarray(segStart, i + 1), at)
          segStart = i + 1
          done.push(this.finish('\r\n'))
          continue
        }
        this.append(bytes.subarray(segStart, i), at)
        segStart = i
        done.push(this.finish('\r'))
      }
      if (b === LF) {
        this.append(bytes.subarray(segStart, i + 1), at)
        segStart = i + 1
        done.push(this.finish('\n'))
      } else if (b === CR) {
        this.crPending = true
      } else if (this.length + (i - segStart) >= this.maxLineBytes) {
        this.append(bytes.subarray(segStart, i), at)
        segStart = i
        done.push(this.finish(''))
      }
    }
    this.append(bytes.subarray(segStart), at)
    return done
  }

  /** The line still arriving (no ending yet), or null. */
  partial(): SplitLine | null {
    if (this.length === 0) return null
    const text = this.crPending ? this.text.slice(0, -1) : this.text
    return { at: this.startedAt, text, eol: '' }
  }

  private append(segment: Uint8Array, at: number): void {
    if (segment.length === 0) return
    if (this.length === 0) this.startedAt = at
    // Copied: the caller's buffer may be reused by the port.
    this.parts.push(segment.slice())
    this.length += segment.length
    this.text += this.decoder.decode(segment, { stream: true })
  }

  private finish(eol: string): SplitLine {
    const bytes = this.parts.length === 1 ? this.parts[0]! : concat(this.parts, this.length)
    const text = eol && this.text.endsWith(eol) ? this.text.slice(0, -eol.length) : this.text
    const line: SplitLine = { at: this.startedAt, text, eol }
    if (!sameBytes(encoder.encode(text + eol), bytes)) line.hex = toHex(bytes)
    this.parts = []
    this.length = 0
    this.text = ''
    return line
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
