import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import type { SerialLink } from '../../../src/main/serial/link/SerialLink'
import { encodeMessageFrame } from '../../../src/shared/serial/frame'
import { eventually, nextEvent } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('openSerialLink over a socat pty pair', () => {
  let pair: PtyPair
  const links: SerialLink[] = []
  const open = async (path: string): Promise<SerialLink> => {
    const link = await openSerialLink({ path, baudRate: 115200 })
    links.push(link)
    return link
  }
  beforeEach(async () => {
    pair = await createPtyPair()
  })
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()))
    await pair.dispose()
  })

  it('carries messages as frames and text as console bytes, and counts them', async () => {
    const a = await open(pair.a)
    const b = await open(pair.b)
    const consoleText = nextEvent<string>('console text', (l) =>
      b.onConsoleBytes((bytes) => l(Buffer.from(bytes).toString())),
    )
    const message = nextEvent<string>('message', (l) => b.channel.onMessage(l))
    await a.writeRaw(text('boot v1\r\n'))
    a.channel.send('{"jsonrpc":"2.0","method":"x"}')
    expect(await consoleText).toBe('boot v1\r\n')
    expect(await message).toBe('{"jsonrpc":"2.0","method":"x"}')
    expect(b.stats()).toMatchObject({ framesDecoded: 1, consoleBytes: 9 })
    expect(a.stats().bytesOut).toBe(b.stats().bytesIn)
  })

  it('shows text from a device that never sends 0x00 without waiting for the frame limit', async () => {
    const a = await open(pair.a)
    const b = await open(pair.b)
    const got = nextEvent<string>('prompt', (l) =>
      b.onConsoleBytes((bytes) => l(Buffer.from(bytes).toString())),
    )
    await a.writeRaw(text('login: '))
    expect(await got).toBe('login: ')
  })

  it('drops a corrupt frame, counts it, and decodes the next one', async () => {
    const a = await open(pair.a)
    const b = await open(pair.b)
    const dropped = nextEvent<string>('dropped', (l) => b.onDropped((reason) => l(reason)))
    const message = nextEvent<string>('message', (l) => b.channel.onMessage(l))
    const bad = encodeMessageFrame('{"jsonrpc":"2.0","id":1,"method":"x"}')
    bad[10] = bad[10]! ^ 0x20
    await a.writeRaw(bad)
    await a.writeRaw(encodeMessageFrame('{"ok":1}'))
    expect(await dropped).toBe('badCrc')
    expect(await message).toBe('{"ok":1}')
    expect(b.stats().framesDropped.badCrc).toBe(1)
  })

  it('keeps going when a listener throws', async () => {
    const a = await open(pair.a)
    const b = await open(pair.b)
    b.channel.onMessage(() => {
      throw new Error('a broken listener')
    })
    const messages: string[] = []
    b.channel.onMessage((m) => messages.push(m))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      a.channel.send('{"n":1}')
      a.channel.send('{"n":2}')
      await eventually('both messages', () => (messages.length === 2 ? true : undefined))
    } finally {
      console.error = original
    }
    expect(messages).toEqual(['{"n":1}', '{"n":2}'])
    expect(errors).toHaveLength(2)
    expect(b.isOpen).toBe(true)
  })

  it('refuses a port another program holds, and a path with no device', async () => {
    await open(pair.a)
    await expect(openSerialLink({ path: pair.a, baudRate: 115200 })).rejects.toThrow(
      /held by another program/,
    )
    await expect(openSerialLink({ path: `${pair.dir}/none`, baudRate: 115200 })).rejects.toThrow(
      /is not there/,
    )
  })

  it('closes with a reason at once when the device goes away', async () => {
    const a = await open(pair.a)
    const closed = nextEvent<string>('close', (l) => a.onClose(l))
    await pair.kill()
    expect(await closed).toMatch(/went away/)
    expect(a.isOpen).toBe(false)
    await expect(a.writeRaw(text('x'))).rejects.toThrow(/closed/)
    expect(() => a.channel.send('{}')).toThrow(/closed/)
  })
})
