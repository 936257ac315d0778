import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import {
  createWebSocketCarrier,
  type SocketClose,
  type SocketHandlers,
  type SocketLike,
} from '../../../src/renderer/src/api/createWebSocketCarrier'
import type { CarrierState } from '../../../src/renderer/src/api/CoreCarrier'
import {
  BRIDGE_CLOSE,
  BRIDGE_MAX_MESSAGE_BYTES,
  utf8ByteLength,
} from '../../../src/shared/api/bridgeProtocol'
import { TOKEN_MISSING_MESSAGE, TOKEN_REFUSED_MESSAGE } from '../../../src/renderer/src/api/bridgeRefusal'

/** A socket the test drives by hand; records what the carrier sent. */
class FakeSocket implements SocketLike {
  open = false
  sent: { id: number; method: string; params: unknown }[] = []
  closed = false
  constructor(readonly handlers: SocketHandlers) {}
  isOpen(): boolean {
    return this.open
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { id: number; method: string; params: unknown })
  }
  close(): void {
    this.closed = true
  }
  serverOpens(): void {
    this.open = true
    this.handlers.onOpen()
  }
  serverSends(msg: unknown): void {
    this.handlers.onMessage(JSON.stringify(msg))
  }
  drops(info?: SocketClose): void {
    this.open = false
    this.handlers.onClose(info)
  }
}

function setup(maxMessageBytes?: number) {
  const sockets: FakeSocket[] = []
  const timers: { fn: () => void; ms: number }[] = []
  const carrier = createWebSocketCarrier({
    url: 'ws://127.0.0.1:1/api?token=t',
    createSocket: (_url, handlers) => {
      const s = new FakeSocket(handlers)
      sockets.push(s)
      return s
    },
    backoffMs: [100, 200],
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  })
  const states: CarrierState[] = []
  carrier.onStateChange((s) => states.push(s))
  const last = (): FakeSocket => sockets[sockets.length - 1] as FakeSocket
  return { carrier, sockets, timers, states, last }
}

describe('createWebSocketCarrier', () => {
  it('queues calls until the first connection opens, then matches replies by id', async () => {
    const { carrier, last } = setup()
    const a = carrier.invoke('getStatus', {})
    const b = carrier.invoke('getMachine', { machineId: 'm1' })
    expect(last().sent).toEqual([])
    last().serverOpens()
    expect(last().sent.map((r) => r.method)).toEqual(['getStatus', 'getMachine'])
    const [idA, idB] = last().sent.map((r) => r.id)
    last().serverSends({ kind: 'reply', id: idB, reply: { ok: true, value: 'machine' } })
    last().serverSends({ kind: 'reply', id: idA, reply: { ok: true, value: 'status' } })
    await expect(a).resolves.toBe('status')
    await expect(b).resolves.toBe('machine')
  })

  it('turns an error reply into a CoreError with its field errors', async () => {
    const { carrier, last } = setup()
    last().serverOpens()
    const p = carrier.invoke('savePartConfig', {})
    const fieldErrors = [{ path: '$.components[0].name', message: 'missing' }]
    last().serverSends({
      kind: 'reply',
      id: last().sent[0]?.id,
      reply: { ok: false, error: { code: 'invalid-argument', message: 'bad', fieldErrors } },
    })
    const err = await p.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CoreError)
    expect(err).toMatchObject({ code: 'invalid-argument', fieldErrors })
  })

  it('delivers events to their listeners until unsubscribed', () => {
    const { carrier, last } = setup()
    last().serverOpens()
    const got: unknown[] = []
    const off = carrier.on('fleetChanged', (p) => got.push(p))
    last().serverSends({ kind: 'event', event: 'fleetChanged', payload: { reason: 'sync' } })
    last().serverSends({ kind: 'event', event: 'status', payload: {} })
    off()
    last().serverSends({ kind: 'event', event: 'fleetChanged', payload: { reason: 'again' } })
    last().serverSends('not json at all')
    expect(got).toEqual([{ reason: 'sync' }])
  })

  it('rejects calls in flight when the socket drops, fails new calls fast, and reconnects with backoff', async () => {
    const { carrier, sockets, timers, states, last } = setup()
    last().serverOpens()
    const inFlight = carrier.invoke('listOutbox', {})
    last().drops()
    await expect(inFlight).rejects.toMatchObject({ code: 'unavailable' })
    await expect(carrier.invoke('getStatus', {})).rejects.toMatchObject({ code: 'unavailable' })
    expect(states).toEqual(['open', 'disconnected'])
    expect(timers.map((t) => t.ms)).toEqual([100])

    timers[0]?.fn()
    expect(sockets).toHaveLength(2)
    last().drops()
    expect(timers.map((t) => t.ms)).toEqual([100, 200])
    timers[1]?.fn()
    last().serverOpens()
    expect(states).toEqual(['open', 'disconnected', 'open'])
    const again = carrier.invoke('getStatus', {})
    last().serverSends({ kind: 'reply', id: last().sent[0]?.id, reply: { ok: true, value: 1 } })
    await expect(again).resolves.toBe(1)
  })

  it('stops reconnecting once disposed', () => {
    const { carrier, timers, last } = setup()
    last().serverOpens()
    carrier.dispose()
    expect(last().closed).toBe(true)
    last().drops()
    expect(timers).toEqual([])
  })

  it('stops retrying when the server refuses the token, and says what to do instead', async () => {
    const { carrier, timers, states, last } = setup()
    const queued = carrier.invoke('getStatus', {})
    // Let in, then closed at once with the refusal: the page's first call waits for the socket.
    last().serverOpens()
    expect(last().sent).toHaveLength(1)
    const inFlight = queued
    last().drops({ code: BRIDGE_CLOSE.tokenRefused, reason: 'token not valid for this launch' })
    const refused = { code: 'unauthenticated', message: TOKEN_REFUSED_MESSAGE }
    await expect(inFlight).rejects.toMatchObject(refused)
    await expect(carrier.invoke('getFleetTree', {})).rejects.toMatchObject(refused)
    expect(states).toEqual(['open', 'refused'])
    expect(carrier.state()).toBe('refused')
    expect(carrier.refusal()).toBe(TOKEN_REFUSED_MESSAGE)
    expect(TOKEN_REFUSED_MESSAGE).toContain('npm run serve')
    expect(TOKEN_REFUSED_MESSAGE).not.toMatch(/sign in|reconnects by itself/i)
    expect(timers).toEqual([]) // no reconnect: the same token would be refused again
  })

  it('treats a close for a missing token as refused too, before the first open', async () => {
    const { carrier, timers, last } = setup()
    const queued = carrier.invoke('getStatus', {})
    last().drops({ code: BRIDGE_CLOSE.tokenMissing })
    await expect(queued).rejects.toMatchObject({ code: 'unauthenticated', message: TOKEN_MISSING_MESSAGE })
    expect(carrier.state()).toBe('refused')
    expect(carrier.refusal()).toBe(TOKEN_MISSING_MESSAGE)
    expect(timers).toEqual([])
  })

  it('keeps retrying a core that is down, and has no refusal to show then', () => {
    const { carrier, timers, last } = setup()
    last().drops({ code: 1006 })
    expect(carrier.state()).toBe('disconnected')
    expect(carrier.refusal()).toBeNull()
    expect(timers).toHaveLength(1)
  })

  it('refuses a config over the limit before sending it, with its size and the limit', async () => {
    const { carrier, last } = setup()
    last().serverOpens()
    const config = { components: [{ name: 'm', attributes: { blob: 'x'.repeat(BRIDGE_MAX_MESSAGE_BYTES) } }] }
    const err = await carrier
      .invoke('savePartConfig', { partId: 'p', baseRevision: 1, config })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CoreError)
    expect(err).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/^This config is 32\.0 MB; the limit is 32 MB\./) as unknown,
    })
    expect(last().sent).toEqual([])
    // The connection is untouched: the next call goes out.
    void carrier.invoke('getStatus', {})
    expect(last().sent.map((r) => r.method)).toEqual(['getStatus'])
  })

  it('counts the limit in UTF-8 bytes, exactly at the bound', async () => {
    const limit = 1000
    const { carrier, last } = setup(limit)
    last().serverOpens()
    const overhead = JSON.stringify({ id: 1, method: 'validateConfig', params: { config: { s: '' } } }).length
    // "é" is two bytes in UTF-8 and one UTF-16 unit: a count of units would let this through.
    const fits = 'é'.repeat((limit - overhead) / 2)
    void carrier.invoke('validateConfig', { config: { s: fits } })
    expect(last().sent).toHaveLength(1)
    const over = await carrier
      .invoke('validateConfig', { config: { s: `${fits}é` } })
      .catch((e: unknown) => e)
    expect(over).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('the limit is') as unknown,
    })
    expect(last().sent).toHaveLength(1)
  })

  it('refuses a value JSON cannot carry with a CoreError instead of throwing', async () => {
    const { carrier, last } = setup()
    last().serverOpens()
    const loop: Record<string, unknown> = {}
    loop.self = loop
    await expect(carrier.invoke('validateConfig', { config: loop })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('cannot be sent') as unknown,
    })
  })

  it('tells calls in flight that the server closed for a message too big, and reconnects', async () => {
    const { carrier, timers, last } = setup()
    last().serverOpens()
    const inFlight = carrier.invoke('getStatus', {})
    last().drops({ code: BRIDGE_CLOSE.messageTooBig })
    await expect(inFlight).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('larger than the 32 MB it accepts') as unknown,
    })
    expect(carrier.state()).toBe('disconnected')
    expect(timers).toHaveLength(1)
  })

  it('measures UTF-8 as it is sent, lone surrogates included', () => {
    // Any UTF-16 unit, so that unpaired surrogates (sent as U+FFFD, three bytes) come up too.
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
    const text = units.map((codes) => String.fromCharCode(...codes))
    fc.assert(
      fc.property(text, fc.string({ unit: 'binary', maxLength: 40 }), (a, b) => {
        expect(utf8ByteLength(a)).toBe(new TextEncoder().encode(a).length)
        expect(utf8ByteLength(a + b)).toBe(new TextEncoder().encode(a + b).length)
      }),
    )
  })
})
