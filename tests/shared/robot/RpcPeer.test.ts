import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import { createChannelPair, type MessageChannel } from '../../../src/shared/robot/MessageChannel'
import { RpcPeer } from '../../../src/shared/robot/RpcPeer'

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** A peer serving a tiny API, and the raw other end to write anything at all into it. */
function serve(): { peer: RpcPeer; raw: MessageChannel; replies: unknown[] } {
  const [a, b] = createChannelPair()
  const peer = new RpcPeer(a)
  peer.setHandler((method, params) => {
    if (method === 'echo') return params
    if (method === 'boom') throw new Error('kaput')
    if (method === 'denied')
      throw new CoreError('permission-denied', 'owners only', [{ path: '$', message: 'x' }])
    throw new CoreError('not-found', `no ${method}`)
  })
  const replies: unknown[] = []
  b.onMessage((m) => replies.push(JSON.parse(m)))
  return { peer, raw: b, replies }
}

describe('RpcPeer', () => {
  it('answers requests, and sends errors with numbers and stable codes', async () => {
    const [a, b] = createChannelPair()
    const server = new RpcPeer(a)
    server.setHandler((method, params) => {
      if (method === 'add') {
        const { x, y } = params as { x: number; y: number }
        return x + y
      }
      throw new CoreError('conflict', 'stale')
    })
    const client = new RpcPeer(b)
    expect(await client.request('add', { x: 2, y: 3 })).toBe(5)
    const err = await client.request('other').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CoreError)
    expect(err).toMatchObject({ code: 'conflict', message: 'stale', rpcCode: -32009 })
  })

  it('delivers notifications without answering them', async () => {
    const { raw, replies } = serve()
    raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: { a: 1 } }))
    raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'boom' }))
    await tick()
    expect(replies).toEqual([])
  })

  it('answers malformed messages with the standard errors and keeps serving', async () => {
    const { peer, raw, replies } = serve()
    const bad = [
      'not json {',
      '[{"jsonrpc":"2.0","id":1,"method":"echo"}]',
      '42',
      '{"id":2,"method":"echo"}',
      '{"jsonrpc":"2.0","id":{"x":1},"method":"echo"}',
      '{"jsonrpc":"2.0","id":3,"method":""}',
      '{"jsonrpc":"2.0","id":4,"method":"echo","params":"str"}',
      '{"jsonrpc":"2.0","id":5,"method":"echo","params":null}',
      '{"jsonrpc":"2.0","id":99,"result":1}',
      '{"jsonrpc":"2.0","id":6}',
    ]
    for (const m of bad) raw.send(m)
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'echo', params: ['still', 'alive'] }))
    await tick()
    const byId = (id: unknown): unknown => replies.filter((r) => (r as { id: unknown }).id === id)
    expect(replies[0]).toMatchObject({
      id: null,
      error: { code: -32700, data: { code: 'invalid-argument' } },
    })
    expect(replies[1]).toMatchObject({
      id: null,
      error: { code: -32600, message: /batches are not supported/ },
    })
    expect(replies[2]).toMatchObject({ id: null, error: { code: -32600 } })
    expect(byId(2)).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ message: 'invalid request: "jsonrpc" must be "2.0"' }),
      }),
    ])
    expect(replies[4]).toMatchObject({ id: null, error: { message: /"id" must be/ } })
    expect(byId(3)).toHaveLength(1)
    expect(byId(4)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: -32600 }) })])
    expect(byId(5)).toHaveLength(1)
    expect(byId(7)).toEqual([{ jsonrpc: '2.0', id: 7, result: ['still', 'alive'] }])
    // Answers to nothing we asked, and the request-less id:6 object, are dropped and counted.
    expect(byId(99)).toEqual([])
    expect(peer.stats.malformed).toBe(bad.length)
    expect(peer.isOpen).toBe(true)
  })

  it('turns unexpected failures into internal errors and keeps field errors', async () => {
    const { raw, replies } = serve()
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'boom' }))
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 'b', method: 'denied' }))
    await tick()
    expect(replies).toEqual([
      {
        jsonrpc: '2.0',
        id: 'a',
        error: { code: -32603, message: 'internal error: kaput', data: { code: 'internal' } },
      },
      {
        jsonrpc: '2.0',
        id: 'b',
        error: {
          code: -32003,
          message: 'owners only',
          data: { code: 'permission-denied', fieldErrors: [{ path: '$', message: 'x' }] },
        },
      },
    ])
  })

  it('times out a request that gets no answer, and ignores the late answer', async () => {
    const [a, b] = createChannelPair()
    const client = new RpcPeer(a, { timeoutMs: 20 })
    const silent = new RpcPeer(b)
    let answer: (() => void) | undefined
    silent.setHandler(() => new Promise<string>((resolve) => (answer = () => resolve('late'))))
    const err = await client.request('slow').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'unavailable', message: 'no answer to "slow" within 20 ms' })
    answer?.()
    await tick()
    expect(client.stats.malformed).toBe(1)
  })

  it('fails pending requests when the channel closes, and refuses new ones', async () => {
    const [a, b] = createChannelPair()
    const client = new RpcPeer(a)
    new RpcPeer(b).setHandler(() => new Promise(() => undefined))
    const pending = client.request('forever').catch((e: unknown) => e)
    await tick()
    b.close('unplugged')
    expect(await pending).toMatchObject({
      code: 'unavailable',
      message: /closed before "forever" was answered: unplugged/,
    })
    expect(await client.request('x').catch((e: unknown) => e)).toMatchObject({ code: 'unavailable' })
    expect(client.notify('x')).toBe(false)
  })
})
