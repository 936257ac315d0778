import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/api/errors'
import {
  createWebSocketCarrier,
  type SocketHandlers,
  type SocketLike,
} from '../../../src/renderer/src/api/createWebSocketCarrier'
import type { CarrierState } from '../../../src/renderer/src/api/CoreCarrier'

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
  drops(): void {
    this.open = false
    this.handlers.onClose()
  }
}

function setup() {
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
})
