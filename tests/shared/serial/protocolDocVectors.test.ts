import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { crc32 } from '../../../src/shared/codec/crc32'
import { cobsDecode, cobsEncode } from '../../../src/shared/serial/cobs'
import { encodeFrame } from '../../../src/shared/serial/frame'
import { FrameDecoder, type FrameEvent } from '../../../src/shared/serial/FrameDecoder'

// The test vectors of docs/serial-protocol.md, read from the page itself: what a firmware author
// checks their code against is what the project's own encoder and decoder produce.

const doc = readFileSync(fileURLToPath(new URL('../../../docs/serial-protocol.md', import.meta.url)), 'utf8')
const block = /```serial-test-vectors\n([\s\S]*?)```/.exec(doc)?.[1] ?? ''

interface Vector {
  kind: string
  name: string
  fields: Record<string, string>
}

const vectors: Vector[] = block
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0)
  .map((line) => {
    const [kind = '', name = '', ...pairs] = line.split(/\s+/)
    const fields = Object.fromEntries(
      pairs.map((pair) => {
        const at = pair.indexOf('=')
        return [pair.slice(0, at), pair.slice(at + 1)]
      }),
    )
    return { kind, name, fields }
  })

const bytes = (hexText: string | undefined): Uint8Array => {
  expect(hexText, 'a hex field').toMatch(/^([0-9a-f]{2})*$/)
  return Uint8Array.from(Buffer.from(hexText!, 'hex'))
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

const describeEvents = (events: FrameEvent[]): string[] => {
  const out: string[] = []
  for (const e of events) {
    const text =
      e.kind === 'frame'
        ? `frame:${hex(e.payload)}`
        : e.kind === 'console'
          ? `console:${hex(e.bytes)}`
          : `dropped:${e.reason}`
    // A receiver may hand console bytes on in more than one piece: join neighbours.
    const last = out.at(-1)
    if (e.kind === 'console' && last?.startsWith('console:')) out[out.length - 1] = last + hex(e.bytes)
    else out.push(text)
  }
  return out
}

describe('the test vectors of docs/serial-protocol.md', () => {
  it('has vectors of every kind', () => {
    const kinds = new Set(vectors.map((v) => v.kind))
    expect([...kinds].sort()).toEqual(['cobs', 'crc32', 'decode', 'frame'])
    expect(vectors.length).toBeGreaterThanOrEqual(15)
    expect(vectors.find((v) => v.name === 'check')?.fields.crc).toBe('cbf43926')
  })

  it.each(vectors.map((v) => [`${v.kind} ${v.name}`, v] as const))('%s', (_, { kind, fields }) => {
    switch (kind) {
      case 'crc32':
        expect(crc32(bytes(fields.data)).toString(16).padStart(8, '0')).toBe(fields.crc)
        break
      case 'cobs':
        expect(hex(cobsEncode(bytes(fields.data)))).toBe(fields.encoded)
        expect(hex(cobsDecode(bytes(fields.encoded))!)).toBe(fields.data)
        break
      case 'frame': {
        const wire = bytes(fields.wire)
        expect(hex(encodeFrame(bytes(fields.payload)))).toBe(fields.wire)
        expect(describeEvents(new FrameDecoder().push(wire))).toEqual([`frame:${fields.payload}`])
        break
      }
      case 'decode': {
        const wire = bytes(fields.wire)
        const expected = (fields.events ?? '').split(',')
        expect(describeEvents(new FrameDecoder().push(wire))).toEqual(expected)
        // Byte by byte, the same (a receiver gets bytes as they come).
        const decoder = new FrameDecoder()
        expect(describeEvents([...wire].flatMap((b) => decoder.push(Uint8Array.of(b))))).toEqual(expected)
        break
      }
      default:
        throw new Error(`unknown vector kind "${kind}"`)
    }
  })
})
