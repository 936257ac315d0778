import type { ConsoleLine } from '../../../shared/api/serialViews'

const encoder = new TextEncoder()

/**
 * Text as a row shows it: control characters a device sends by mistake (NUL, ESC, BEL...) become
 * their visible symbols (U+2400 block), so they neither vanish nor break the row. Tabs stay.
 */
export function visibleText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
    c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  )
}

/** The line's bytes as they came over the wire: its own hex when it has one, else its text encoded. */
export function lineBytesHex(line: ConsoleLine): string {
  if (line.hex !== undefined) return line.hex
  let out = ''
  for (const b of encoder.encode(line.text + line.eol)) out += (b < 16 ? '0' : '') + b.toString(16)
  return out
}

/** Hex as a row shows it: bytes in pairs, a wider gap every eight (`48 65 6c 6c 6f 0d 0a`). */
export function spacedHex(hex: string): string {
  const pairs: string[] = []
  for (let i = 0; i < hex.length; i += 2) {
    pairs.push(hex.slice(i, i + 2))
    if (i % 16 === 14 && i + 2 < hex.length) pairs.push('')
  }
  return pairs.join(' ')
}

/** A receive time as `HH:MM:SS.mmm`, local: what a bench log needs to line up with a scope trace. */
export function consoleTime(at: number): string {
  const d = new Date(at)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** How a line ending is shown at the end of a row in text view. */
export function eolMark(eol: string): string {
  // The usual endings go unmarked (the hex view shows them); a lone CR is worth seeing.
  return eol === '\r' ? '␍' : ''
}
