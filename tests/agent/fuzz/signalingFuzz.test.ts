import { request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWebRtc } from '../../../src/main/robots/webrtc/connectWebRtc'
import { parseAllowedNetworks } from '../../../src/net/webrtc/candidateFilter'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { offerSdp } from '../transports/fixtures/floodOffers'
import { startAgentProcess, type AgentProcess } from './agentProcess'
import { eventually } from '../../support/eventually'
import { assertFuzz, fuzzParameters } from './fuzzParameters'

// The agent's signaling endpoint (HTTP, unauthenticated, open to the LAN) fed random requests:
// every one gets a JSON error with a 4xx status (or, for a usable offer, an answer), none a 500 or
// no answer, and the agent keeps serving a session opened before and a client arriving after.
// The fuzzer posts from addresses in 127.0.1.0/24 (all loopback), so that its offers reach
// libwebrtc from many "machines" (each has a share of 4 pending offers) and fill the table of
// sessions being set up, never from the clients' 127.0.0.1. Bounded: 150 requests (a few seconds;
// an offer that libwebrtc takes costs ~30 ms).
const RUNS = 150
const filter = parseAllowedNetworks('127.0.0.1')

let agent: AgentProcess
let validSdp = ''
let destroyOfferPeer: () => void
let url: URL

beforeAll(async () => {
  agent = await startAgentProcess()
  url = new URL(agent.signalUrl)
  const offer = await offerSdp(filter)
  validSdp = offer.sdp
  destroyOfferPeer = () => offer.peer.destroy()
})
afterAll(async () => {
  destroyOfferPeer?.()
  await agent?.stop()
})

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

function send(
  from: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, localAddress: from },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    // A bound for a hung request, not a speed assertion.
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 20 s`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** SDP lines shuffled, dropped, duplicated or replaced with junk: what a broken client might send. */
const mutatedSdp = (validSdp: string): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constant('keep'),
        fc.constant('drop'),
        fc.constant('twice'),
        fc.string({ maxLength: 80 }),
        fc.constantFrom(
          'a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host',
          'a=candidate:x',
          'm=audio 9 UDP/TLS/RTP/SAVPF 111',
          'a=fingerprint:sha-256 00',
          'a=ice-ufrag:',
          'a=setup:bogus',
          'c=IN IP4 999.1.1.1',
          'a=sctp-port:0',
          'a=max-message-size:-1',
        ),
      ),
      { maxLength: 40 },
    )
    .map((edits) => {
      const lines = validSdp.split('\r\n')
      const out: string[] = []
      lines.forEach((line, i) => {
        const edit = edits[i % Math.max(1, edits.length)] ?? 'keep'
        if (edit === 'keep') out.push(line)
        else if (edit === 'twice') out.push(line, line)
        else if (edit !== 'drop') out.push(edit)
      })
      const sdp = out.join('\r\n')
      return sdp.startsWith('v=0') ? sdp : `v=0\r\n${sdp}`
    })

const sessionId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
  fc.string({ maxLength: 200 }),
  fc.constant('fuzz-fixed-session'),
)

const offerBody = (validSdp: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      type: fc.oneof(fc.constant('offer'), fc.constant('answer'), fc.jsonValue()),
      sdp: fc.oneof(
        mutatedSdp(validSdp),
        fc.constant(validSdp),
        fc.string({ maxLength: 300 }).map((s) => `v=0${s}`),
        fc.jsonValue(),
      ),
      sessionId: fc.oneof(sessionId, fc.jsonValue()),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )

const body = (validSdp: string): fc.Arbitrary<Buffer> =>
  fc.oneof(
    // Well-formed but for the SDP: these reach libwebrtc, which must refuse or answer, never crash.
    {
      weight: 4,
      arbitrary: fc
        .record({
          sdp: fc.oneof(mutatedSdp(validSdp), fc.constant(validSdp)),
          id: fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
        })
        .map(({ sdp, id }) => Buffer.from(JSON.stringify({ type: 'offer', sdp, sessionId: id }))),
    },
    { weight: 4, arbitrary: offerBody(validSdp).map((b) => Buffer.from(JSON.stringify(b))) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 500 }).map((s) => Buffer.from(s)) },
    // Past the 64 KiB limit: refused with 413 before it is read.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 65 * 1024, max: 300 * 1024 }).map((n) => Buffer.alloc(n, 'x')),
    },
  )

const requests = (
  validSdp: string,
): fc.Arbitrary<{
  method: string
  path: string
  contentType: string
  body: Buffer
  from: string
}> =>
  fc.record({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant('POST') },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
    ),
    path: fc.oneof(
      { weight: 6, arbitrary: fc.constant('/signal') },
      { weight: 1, arbitrary: fc.constant('/health') },
      { weight: 1, arbitrary: fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)) },
      { weight: 1, arbitrary: fc.webQueryParameters().map((q) => `/signal?${encodeURI(q)}`) },
    ),
    contentType: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', '') },
    ),
    body: body(validSdp),
    from: fc.integer({ min: 1, max: 250 }).map((n) => `127.0.1.${n}`),
  })

describe('the signaling endpoint under random requests', () => {
  it('answers each with JSON and a 4xx or an answer, and keeps serving sessions', async () => {
    // A session opened before the fuzzing, which must outlive it.
    const before = new RobotClient(
      await connectWebRtc({ signalUrl: agent.signalUrl, candidateFilter: filter, timeoutMs: 20_000 }),
    )
    await before.hello({ kind: 'secret', partId: agent.partId, secret: agent.secret })

    const statuses = new Map<number, number>()
    await assertFuzz(
      'tests/agent/fuzz/signalingFuzz.test.ts',
      fc.asyncProperty(requests(validSdp), async (r) => {
        const headers: Record<string, string> = { 'content-length': String(r.body.length) }
        if (r.contentType) headers['content-type'] = r.contentType
        const reply = await send(r.from, r.method, r.path, headers, r.body)
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
        // 503 is the one 5xx that belongs: every slot for sessions being set up is taken.
        expect(reply.status === 503 || reply.status < 500, `${reply.status} ${reply.text}`).toBe(true)
        expect(reply.headers['content-type']).toMatch(/^application\/json/)
        const json = JSON.parse(reply.text) as Record<string, unknown>
        if (reply.status === 200) {
          if (r.path.split('?')[0] === '/health') expect(json).toMatchObject({ partId: agent.partId })
          else expect(json).toEqual({ type: 'answer', sdp: expect.stringMatching(/^v=0/) })
        } else {
          expect(reply.status).toBeGreaterThanOrEqual(400)
          expect(json.error).toEqual(expect.any(String))
          expect((json.error as string).length).toBeGreaterThan(0)
          if (reply.status === 429 || reply.status === 503) {
            expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1)
          }
        }
        expect(agent.exitCode()).toBeNull()
      }),
      fuzzParameters(RUNS),
    )
    console.log(`signaling fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}`)

    // The session from before is still served, and a new client still gets one.
    expect((await before.status()).partId).toBe(agent.partId)
    // The fuzz may have left every slot taken by offers too young to evict; a client then hears
    // 503 with Retry-After, and does what it says.
    const after = new RobotClient(
      await eventually('a session after the fuzz', async () => {
        try {
          return await connectWebRtc({
            signalUrl: agent.signalUrl,
            candidateFilter: filter,
            timeoutMs: 20_000,
          })
        } catch (err) {
          expect(String(err)).toMatch(/HTTP 503\): too many sessions being set up/)
          throw err
        }
      }),
    )
    await after.hello({ kind: 'secret', partId: agent.partId, secret: agent.secret })
    expect((await after.status()).partId).toBe(agent.partId)
    before.close()
    after.close()
  }, 180_000)
})
