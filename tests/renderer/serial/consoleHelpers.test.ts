import { describe, expect, it } from 'vitest'
import type { ConsoleLine, SerialConsoleSnapshot } from '../../../src/shared/api/serialViews'
import { ConsoleFeed } from '../../../src/renderer/src/serial/ConsoleFeed'
import { lineBytesHex, spacedHex, visibleText } from '../../../src/renderer/src/serial/consoleText'
import { parseBaud } from '../../../src/renderer/src/serial/parseBaud'
import { portFacts, portTitle } from '../../../src/renderer/src/serial/portTitle'
import { remember, stepHistory } from '../../../src/renderer/src/serial/sendHistory'
import { formatRoute, parseRoute } from '../../../src/renderer/src/routes/routes'

const line = (seq: number, text = `l${seq}`): ConsoleLine => ({ seq, at: 0, dir: 'in', text, eol: '\n' })
const snapshot = (
  lines: ConsoleLine[],
  extra: Partial<SerialConsoleSnapshot> = {},
): SerialConsoleSnapshot => ({
  path: '/dev/ttyUSB0',
  baudRate: 115200,
  state: 'open',
  sharedWithSession: false,
  error: null,
  trimmed: 0,
  bytesIn: 0,
  bytesOut: 0,
  clears: 0,
  logFile: null,
  lines,
  partial: null,
  ...extra,
})

describe('console text', () => {
  it('shows control characters as their symbols, tabs as tabs', () => {
    expect(visibleText('a\u0000b\u001b[0m\tc\u007f')).toBe('a␀b␛[0m\tc␡')
  })
  it('gives the bytes of a line, its own hex when it has one', () => {
    expect(lineBytesHex(line(1, 'Hi'))).toBe('48690a')
    expect(lineBytesHex({ ...line(1, 'A\uFFFD'), hex: '41ff0a' })).toBe('41ff0a')
    expect(spacedHex('48656c6c6f20776f726c640d0a')).toBe('48 65 6c 6c 6f 20 77 6f  72 6c 64 0d 0a')
  })
})

describe('send history', () => {
  it('walks up and down like a shell, keeping the draft', () => {
    let h: string[] = []
    for (const l of ['a', 'b', 'b', 'c']) h = remember(h, l)
    expect(h).toEqual(['a', 'b', 'c'])
    let cur = { index: h.length, draft: '' }
    let step = stepHistory(h, cur, 'dra', 'up')
    expect(step.text).toBe('c')
    cur = step.cursor
    step = stepHistory(h, cur, step.text, 'up')
    expect(step.text).toBe('b')
    step = stepHistory(h, step.cursor, step.text, 'down')
    step = stepHistory(h, step.cursor, step.text, 'down')
    expect(step.text).toBe('dra')
    expect(stepHistory(h, { index: 0, draft: '' }, 'a', 'up').text).toBe('a')
  })
  it('keeps at most the last hundred', () => {
    let h: string[] = []
    for (let i = 0; i < 150; i++) h = remember(h, `l${i}`)
    expect(h.length).toBe(100)
    expect(h[0]).toBe('l50')
  })
})

describe('parseBaud', () => {
  it('takes any whole rate, refuses others in words', () => {
    expect(parseBaud('115200')).toEqual({ baud: 115200 })
    expect(parseBaud(' 1 000 000 ')).toEqual({ baud: 1_000_000 })
    expect(parseBaud('fast')).toHaveProperty('error')
    expect(parseBaud('0')).toHaveProperty('error')
    expect(parseBaud('99999999')).toHaveProperty('error')
  })
})

describe('portTitle', () => {
  it('names the chip, then what the device says', () => {
    const base = {
      path: '/dev/ttyUSB0',
      manufacturer: 'FTDI',
      vendorId: '0403',
      productId: '6001',
      serialNumber: 'A1',
      product: null,
      chip: 'FTDI FT232R',
    }
    expect(portTitle(base)).toBe('FTDI FT232R')
    expect(portFacts(base)).toEqual(['0403:6001', 'SN A1', 'FTDI'])
    expect(portTitle({ ...base, chip: null, vendorId: null, productId: null, manufacturer: null })).toBe(
      'Serial port',
    )
  })
})

describe('ConsoleFeed', () => {
  it('keeps batches that arrive before the snapshot only for lines the snapshot lacks', () => {
    const f = new ConsoleFeed()
    f.add({ path: 'p', lines: [line(2), line(3)], partial: null, trimmed: 0, bytesIn: 9 })
    f.load(snapshot([line(1), line(2)]))
    expect(Array.from({ length: f.size }, (_, i) => f.at(i)?.seq)).toEqual([1, 2, 3])
  })
  it('shows the partial line last and counts trimmed lines from both sides', () => {
    const f = new ConsoleFeed()
    f.load(snapshot([line(1)], { trimmed: 5 }))
    f.add({ path: 'p', lines: [line(2)], partial: { ...line(3, 'pro'), eol: '' }, trimmed: 7, bytesIn: 1 })
    expect(f.size).toBe(3)
    expect(f.at(2)?.text).toBe('pro')
    expect(f.trimmed).toBe(12)
  })
  it('empties itself when another window cleared the console', () => {
    const f = new ConsoleFeed()
    f.load(snapshot([line(1)]))
    f.noteClears(0)
    expect(f.size).toBe(1)
    f.noteClears(1)
    expect(f.size).toBe(0)
  })
})

describe('serial route', () => {
  it('round-trips a port path', () => {
    const hash = formatRoute({ kind: 'serial', path: '/dev/ttyUSB0' })
    expect(hash).toBe('#/serial/%2Fdev%2FttyUSB0')
    expect(parseRoute(hash)).toEqual({ kind: 'serial', path: '/dev/ttyUSB0' })
  })
})
