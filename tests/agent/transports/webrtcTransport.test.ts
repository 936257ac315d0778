import { connect as connectTcp, createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebRtcTransport, type WebRtcTransport } from '../../../src/agent/transports/webrtcTransport'
import { connectWebRtc } from '../../../src/main/robots/webrtc/connectWebRtc'
import type { PeerChannel } from '../../../src/net/webrtc/PeerChannel'
import { filterSdpCandidates, parseAllowedNetworks } from '../../../src/net/webrtc/candidateFilter'
import { WrtcPeer, type SessionDescription } from '../../../src/net/webrtc/WrtcPeer'
import type { MessageChannel } from '../../../src/shared/robot/MessageChannel'
import { eventually } from '../../support/eventually'
import { EchoAgent } from './fixtures/echoAgent'
import { floodOffers, offerSdp, type FloodReply } from './fixtures/floodOffers'

// Everything stays on loopback: both sides advertise and accept only 127.0.0.1 candidates.
const filter = parseAllowedNetworks('127.0.0.1')
const health = { partId: 'part-test-1', machineName: 'bench-arm', protocolVersion: 1 }
let transport: WebRtcTransport
let agent: EchoAgent
let base: string
const open: PeerChannel[] = []

beforeAll(async () => {
  agent = new EchoAgent()
  transport = createWebRtcTransport({
    host: '127.0.0.1',
    port: 0,
    candidateFilter: filter,
    health: () => health,
  })
  await transport.start(agent)
  base = `http://127.0.0.1:${transport.port}`
})
afterAll(async () => {
  for (const channel of open) channel.close()
  await transport.stop()
})

async function connect(): Promise<{ desktop: PeerChannel; agentSide: MessageChannel }> {
  const session = agent.nextSession()
  const desktop = await connectWebRtc({
    signalUrl: `${base}/signal`,
    candidateFilter: filter,
    timeoutMs: 5000,
  })
  open.push(desktop)
  return { desktop, agentSide: await session }
}

function nextMessage(channel: MessageChannel): Promise<string> {
  return new Promise((resolve) => {
    const off = channel.onMessage((m) => {
      off()
      resolve(m)
    })
  })
}

function closeReason(channel: MessageChannel): Promise<{ reason: string; at: number }> {
  return new Promise((resolve) => channel.onClose((reason) => resolve({ reason, at: performance.now() })))
}

describe('WebRTC transport over loopback, in one process', () => {
  it('carries messages both ways, on loopback', async () => {
    const { desktop, agentSide } = await connect()
    const reply = nextMessage(desktop)
    desktop.send('ping')
    expect(await reply).toBe('echo:ping')
    const pushed = nextMessage(desktop)
    agentSide.send('{"jsonrpc":"2.0","method":"logs"}')
    expect(await pushed).toBe('{"jsonrpc":"2.0","method":"logs"}')
    const stats = await desktop.peerStats()
    expect(stats.localAddress).toBe('127.0.0.1')
    expect(stats.bytesReceived).toBeGreaterThan(0)
    desktop.close()
  })

  it('carries messages larger than a data channel message, unicode intact', async () => {
    const { desktop } = await connect()
    // 300 000 UTF-16 units with surrogate pairs straddling every possible frame boundary.
    const big = '🤖é'.repeat(100_000)
    const reply = nextMessage(desktop)
    desktop.send(big)
    expect(await reply).toBe(`echo:${big}`)
    // Order is kept across many messages.
    const got: string[] = []
    const all = new Promise<void>((resolve) =>
      desktop.onMessage((m) => {
        got.push(m)
        if (got.length === 200) resolve()
      }),
    )
    for (let i = 0; i < 200; i++) desktop.send(String(i))
    await all
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => `echo:${i}`))
    desktop.close()
  })

  it('a close from the desktop is seen by the agent within a second', async () => {
    const { desktop, agentSide } = await connect()
    const seen = closeReason(agentSide)
    const start = performance.now()
    desktop.close('user disconnected')
    const { reason, at } = await seen
    expect(at - start).toBeLessThan(1000)
    expect(reason).toBe('closed by peer')
    expect(desktop.isOpen).toBe(false)
    expect(agentSide.isOpen).toBe(false)
    expect(() => desktop.send('x')).toThrow(/closed/)
    // A listener added after the close still hears it, with the local reason.
    expect((await closeReason(desktop)).reason).toBe('user disconnected')
  })

  it('a close from the agent is seen by the desktop within a second', async () => {
    const { desktop, agentSide } = await connect()
    const seen = closeReason(desktop)
    const start = performance.now()
    agentSide.close('restarting')
    const { reason, at } = await seen
    expect(at - start).toBeLessThan(1000)
    expect(reason).toBe('closed by peer')
  })

  it('answers GET /health with the agent identity', async () => {
    const res = await fetch(`${base}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(health)
  })

  it('refuses malformed offers with 400 and a clear message', async () => {
    const post = async (
      body: string,
      type = 'application/json',
    ): Promise<{ status: number; error: string }> => {
      const res = await fetch(`${base}/signal`, { method: 'POST', headers: { 'content-type': type }, body })
      const json = (await res.json()) as { error: string }
      return { status: res.status, error: json.error }
    }
    expect(await post('{not json')).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^malformed offer: body is not JSON/),
    })
    expect(await post('{"type":"offer","sessionId":"abcdefgh"}')).toEqual({
      status: 400,
      error: expect.stringMatching(/^malformed offer: \$: missing "sdp"/),
    })
    expect(await post('{"type":"answer","sdp":"v=0","sessionId":"abcdefgh"}')).toMatchObject({
      status: 400,
      error: expect.stringContaining('$.type: '),
    })
    expect(await post('{"type":"offer","sdp":"hello","sessionId":"x"}')).toMatchObject({
      status: 400,
      error: expect.stringMatching(/\$\.sdp: expected an SDP.*\$\.sessionId: expected 8 to 128/),
    })
    expect(await post('[]')).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^malformed offer: \$: expected an object, got an array/),
    })
    // A well-formed body whose SDP has no loopback candidate is refused before any peer exists.
    const remoteOnly =
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=candidate:1 1 udp 1 192.0.2.9 5000 typ host\r\n'
    expect(
      await post(JSON.stringify({ type: 'offer', sdp: remoteOnly, sessionId: 'abcdefgh' })),
    ).toMatchObject({
      status: 400,
      error: expect.stringContaining('no candidate in the allowed networks (127.0.0.1)'),
    })
    // An SDP that passes the filter but that WebRTC cannot use.
    const broken =
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n'
    expect(await post(JSON.stringify({ type: 'offer', sdp: broken, sessionId: 'abcdefgi' }))).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^offer rejected: /),
    })
    expect(await post('{}', 'text/plain')).toMatchObject({ status: 415 })
    expect(
      await post(JSON.stringify({ type: 'offer', sdp: `v=0${'x'.repeat(70_000)}`, sessionId: 'abcdefgh' })),
    ).toMatchObject({
      status: 413,
    })
    expect((await fetch(`${base}/nope`)).status).toBe(404)
    expect((await fetch(`${base}/signal`)).status).toBe(405)
    expect(transport.sessionCount).toBe(0)
  })

  it('stop destroys every peer, and the desktop sees its session end', async () => {
    const { desktop } = await connect()
    const seen = closeReason(desktop)
    await transport.stop()
    expect(transport.sessionCount).toBe(0)
    expect((await seen).reason).toBe('closed by peer')
    // And it can start again on the same port.
    const port = transport.port
    transport = createWebRtcTransport({
      host: '127.0.0.1',
      port,
      candidateFilter: filter,
      health: () => health,
    })
    await transport.start(agent)
    await expect(fetch(`${base}/health`).then((r) => r.status)).resolves.toBe(200)
  })

  it('sends the offer again when a signaling request gets no answer at all', async () => {
    // A loopback relay that resets the first connection (as a dropped Wi-Fi packet or a socket a
    // loaded machine timed out would) and passes every later one through to the agent.
    let seen = 0
    const relay = createServer((socket) => {
      seen++
      if (seen === 1) return socket.resetAndDestroy()
      const upstream = connectTcp(transport.port, '127.0.0.1')
      socket.pipe(upstream).pipe(socket)
      socket.on('error', () => upstream.destroy())
      upstream.on('error', () => socket.destroy())
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    const retries: Array<{ status: number; reason: string }> = []
    try {
      const session = agent.nextSession()
      const desktop = await connectWebRtc({
        signalUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/signal`,
        candidateFilter: filter,
        timeoutMs: 10_000,
        onRetry: ({ status, reason }) => retries.push({ status, reason }),
      })
      open.push(desktop)
      const agentSide = await session
      const reply = nextMessage(desktop)
      agentSide.send('after a retry')
      await expect(reply).resolves.toBe('after a retry')
      expect(retries).toEqual([{ status: 0, reason: expect.stringMatching(/could not be reached/) }])
    } finally {
      relay.close()
    }
  })

  it('reports an unreachable or refusing agent as a failed connection, leaving no peer', async () => {
    await expect(
      connectWebRtc({ signalUrl: `${base}/nope`, candidateFilter: filter, timeoutMs: 3000 }),
    ).rejects.toThrow(/refused the offer \(HTTP 404\): no such endpoint/)
    // A port nothing listens on: one that was just bound and closed again.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    await expect(
      connectWebRtc({
        signalUrl: `http://127.0.0.1:${closedPort}/signal`,
        candidateFilter: filter,
        timeoutMs: 3000,
      }),
    ).rejects.toThrow(
      /WebRTC to http:\/\/127.0.0.1:\d+\/signal: the robot could not be reached \(ECONNREFUSED\)/,
    )
    await expect(
      connectWebRtc({
        signalUrl: `${base}/signal`,
        candidateFilter: parseAllowedNetworks('10.255.255.0/24'),
        timeoutMs: 3000,
      }),
    ).rejects.toThrow(/this computer has no address in the allowed networks \(10.255.255.0\/24\)/)
  })

  it('drops a session that never connects, and refuses a second offer for the same session', async () => {
    const slow = createWebRtcTransport({
      host: '127.0.0.1',
      port: 0,
      candidateFilter: filter,
      health: () => health,
      connectTimeoutMs: 300,
    })
    await slow.start(agent)
    const peer = new WrtcPeer({ initiator: true })
    try {
      const offer = await new Promise<SessionDescription>((resolve) => peer.onSignal(resolve))
      const body = JSON.stringify({
        type: 'offer',
        sdp: filterSdpCandidates(offer.sdp, filter),
        sessionId: 'never-connects',
      })
      const post = (): Promise<Response> =>
        fetch(`http://127.0.0.1:${slow.port}/signal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      expect((await post()).status).toBe(200)
      expect(slow.sessionCount).toBe(1)
      const again = await post()
      expect(again.status).toBe(409)
      expect(await again.json()).toEqual({ error: 'session never-connects already exists' })
      // The answer is never applied, so the agent's peer gives up after connectTimeoutMs.
      await eventually('the unconnected session is dropped', () =>
        slow.sessionCount === 0 ? true : undefined,
      )
    } finally {
      peer.destroy()
      await slow.stop()
    }
  })

  it('offers that never complete from one address do not keep a real client out', async () => {
    // The attack: 16 offers that never complete. Before, they filled every slot and every
    // client got 503 until they expired; now one address gets its share and the rest are refused.
    const guarded = createWebRtcTransport({
      host: '127.0.0.1',
      port: 0,
      candidateFilter: filter,
      health: () => health,
    })
    await guarded.start(agent)
    const sdp = await offerSdp(filter)
    try {
      const replies = await floodOffers(`http://127.0.0.1:${guarded.port}/signal`, sdp, {
        count: 20,
        localAddress: '127.0.0.2',
      })
      // A real client from another address still gets a session, at once.
      const session = agent.nextSession()
      const desktop = await connectWebRtc({
        signalUrl: `http://127.0.0.1:${guarded.port}/signal`,
        candidateFilter: filter,
        timeoutMs: 10_000,
      })
      open.push(desktop)
      await session
      const reply = nextMessage(desktop)
      desktop.send('still here')
      expect(await reply).toBe('echo:still here')
      desktop.close()
      // The flooding address got its share; the rest were refused, saying why and when to retry.
      expectShareThenRefusals(replies, 4)
    } finally {
      sdp.peer.destroy()
      await guarded.stop()
    }
  })

  it('when many addresses fill every slot, a newcomer evicts the heaviest one past its grace', async () => {
    const guarded = createWebRtcTransport({
      host: '127.0.0.1',
      port: 0,
      candidateFilter: filter,
      health: () => health,
      handshakeGraceMs: 100,
    })
    await guarded.start(agent)
    const sdp = await offerSdp(filter)
    try {
      const url = `http://127.0.0.1:${guarded.port}/signal`
      for (const localAddress of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
        expectShareThenRefusals(await floodOffers(url, sdp, { count: 5, localAddress }), 4)
      }
      expect(guarded.sessionCount).toBe(16)
      // Every slot is taken: a newcomer is refused only while the flood's offers are within their
      // 100 ms grace, with 503 and when to retry; the desktop waits as told, sends the offer again,
      // evicts one and connects, in one call.
      const retries: { status: number; reason: string; delayMs: number }[] = []
      const desktop = await connectWebRtc({
        signalUrl: url,
        candidateFilter: filter,
        timeoutMs: 10_000,
        onRetry: (info) => retries.push(info),
      })
      for (const retry of retries) {
        expect(retry).toMatchObject({ status: 503, delayMs: 1000 })
        expect(retry.reason).toMatch(/too many sessions being set up \(16, at most 16\): retry in 1 s/)
      }
      open.push(desktop)
      expect(desktop.isOpen).toBe(true)
      // One flood offer gave way; the newcomer's session counts, and is no longer being set up.
      expect(guarded.sessionCount).toBe(16)
      desktop.close()
    } finally {
      sdp.peer.destroy()
      await guarded.stop()
    }
  })
})

function expectShareThenRefusals(replies: FloodReply[], share: number): void {
  expect(replies.slice(0, share).map((r) => r.status)).toEqual(Array(share).fill(200))
  for (const refused of replies.slice(share)) {
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(5)
    expect(refused.body).toEqual({
      error: expect.stringMatching(
        /^too many offers pending from 127\.0\.0\.\d \(4, at most 4\); an offer that does not connect is dropped after 5 s: retry in \d s$/,
      ),
      retryAfterSeconds: Number(refused.retryAfter),
    })
  }
}
