import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserServer, type RunningBrowserServer } from '../../../src/main/bridge/BrowserServer'
import type { StartedCore } from '../../../src/main/app/startCore'
import { BRIDGE_CLOSE, type BridgeMessage } from '../../../src/shared/api/bridgeProtocol'
import { MAX_CONFIG_DEPTH } from '../../../src/shared/config/checkConfigShape'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'
import { OPCODE, encodeFrame, openRawBridge, textFrame, type RawBridge } from './support/rawBridgeSocket'

let fleet: TempFleet
let started: StartedCore
let server: RunningBrowserServer
let rendererDir: string
const rejected: string[] = []

beforeAll(async () => {
  fleet = await makeTempFleet(5)
  started = await fleet.start()
  rendererDir = mkdtempSync(join(tmpdir(), 'fleetdesk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fleetdesk</title>')
  server = await startBrowserServer({
    core: started.core,
    rendererDir,
    port: 0,
    log: (line) => rejected.push(line),
  })
})
afterAll(async () => {
  await server.close()
  await started.stop()
  fleet.dispose()
  rmSync(rendererDir, { recursive: true, force: true })
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** An HTTP request with a chosen Host header (fetch will not send one of its own choosing). */
function get(path: string, options: { host?: string; method?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const SECURITY = {
  'content-security-policy': expect.stringContaining("frame-ancestors 'none'") as unknown,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

/**
 * Sends frames and collects replies until one per request id has come, or the server closed; sorted
 * by id, since the core answers each call when it is done, not in order.
 */
async function exchange(raw: RawBridge, frames: Buffer[], ids: number[]): Promise<BridgeMessage[]> {
  for (const f of frames) raw.write(f)
  const replies: BridgeMessage[] = []
  while (replies.length < ids.length) {
    const frame = await raw.nextFrame()
    if (!frame || frame.opcode === OPCODE.close) break
    if (frame.opcode === OPCODE.text) replies.push(JSON.parse(frame.payload.toString()) as BridgeMessage)
  }
  const idOf = (m: BridgeMessage): number => (m.kind === 'reply' ? m.id : -1)
  return replies.sort((a, b) => idOf(a) - idOf(b))
}

describe('browser-mode responses', () => {
  it('carry the security headers on every response, not only on 200', async () => {
    const answers = await Promise.all([
      get('/'),
      get('/missing.js'),
      get('/', { method: 'POST' }),
      get('/api'),
      get('/', { host: `evil.example:${server.port}` }),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 404, 405, 426, 421])
    for (const a of answers) expect(a.headers).toMatchObject(SECURITY)
  })

  it('answer only to the loopback Host, which a DNS-rebinding page cannot send', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect((await get('/', { host })).status).toBe(200)
    }
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      const refused = await get('/', { host })
      expect(refused.status).toBe(421)
      expect(refused.headers['content-type']).toMatch(/^text\/plain/)
      expect(refused.body).toContain(`http://127.0.0.1:${server.port}/`)
    }
  })

  it('refuse a socket upgrade with a foreign Host, even with the token and a matching Origin', async () => {
    const host = `rebound.example:${server.port}`
    const raw = await openRawBridge(server.port, { token: server.token, host, origin: `http://${host}` })
    expect(raw.status).toBe(421)
    expect(raw.headers).toMatchObject(SECURITY)
    expect(raw.body).toContain('answers only at')
    const ok = await openRawBridge(server.port, {
      token: server.token,
      host: `localhost:${server.port}`,
      origin: `http://localhost:${server.port}`,
    })
    expect(ok.status).toBe(101)
    await ok.end()
  })

  it('refuse a foreign Origin with a plain 403 that carries the headers too', async () => {
    const raw = await openRawBridge(server.port, { token: server.token, origin: 'http://evil.example' })
    expect(raw.status).toBe(403)
    expect(raw.headers).toMatchObject(SECURITY)
  })
})

describe('bad messages on the bridge', () => {
  it('closes on a binary frame (1003) and on text that is not a request (1007); the next client is served', async () => {
    for (const [frame, code] of [
      [encodeFrame({ opcode: OPCODE.binary, payload: Buffer.from('{"id":1,"method":"getStatus"}') }), 1003],
      [textFrame('not json'), BRIDGE_CLOSE.invalidPayload],
      [textFrame('[1,2,3]'), BRIDGE_CLOSE.invalidPayload],
      [textFrame('{"id":"1","method":"getStatus"}'), BRIDGE_CLOSE.invalidPayload],
      [textFrame('{"id":1.5,"method":"getStatus"}'), BRIDGE_CLOSE.invalidPayload],
    ] as const) {
      const raw = await openRawBridge(server.port, { token: server.token })
      raw.write(frame)
      expect(await raw.closeCode()).toMatchObject({ code })
      await raw.end()
    }
    const raw = await openRawBridge(server.port, { token: server.token })
    const [reply] = await exchange(raw, [textFrame('{"id":3,"method":"getStatus","params":{}}')], [3])
    expect(reply).toMatchObject({ kind: 'reply', id: 3, reply: { ok: true } })
    await raw.end()
    expect(rejected.length).toBeGreaterThanOrEqual(5)
  })

  it('answers a request split over continuation frames, and an unknown method with an error', async () => {
    const raw = await openRawBridge(server.port, { token: server.token })
    const text = Buffer.from('{"id":4,"method":"getFleetTree","params":{}}')
    const replies = await exchange(
      raw,
      [
        encodeFrame({ opcode: OPCODE.text, payload: text.subarray(0, 10), fin: false }),
        encodeFrame({ opcode: OPCODE.ping, payload: Buffer.from('between') }),
        encodeFrame({ opcode: OPCODE.continuation, payload: text.subarray(10, 20), fin: false }),
        encodeFrame({ opcode: OPCODE.continuation, payload: text.subarray(20) }),
        textFrame('{"id":5,"method":"dropAllTables","params":{}}'),
      ],
      [4, 5],
    )
    expect(replies).toMatchObject([
      { kind: 'reply', id: 4, reply: { ok: true } },
      { kind: 'reply', id: 5, reply: { ok: false, error: { code: 'invalid-argument' } } },
    ])
    await raw.end()
  })

  it('refuses a config nested 2,000 deep with a path, saving nothing (it used to come back as "internal")', async () => {
    const part = fleet.generated.fleet.parts[0]
    if (!part) throw new Error('the fixture fleet has no parts')
    const before = await started.core.call('getPartConfig', { partId: part.id })
    const config = { components: [{ name: 'm', api: 'rdk:component:motor', attributes: {} as unknown }] }
    let deep: unknown = 1
    for (let i = 0; i < 2000; i++) deep = { a: deep }
    ;(config.components[0] as { attributes: unknown }).attributes = deep
    const raw = await openRawBridge(server.port, { token: server.token })
    const [reply] = await exchange(
      raw,
      [
        textFrame(
          JSON.stringify({
            id: 6,
            method: 'savePartConfig',
            params: { partId: part.id, baseRevision: before.revision, config },
          }),
        ),
      ],
      [6],
    )
    await raw.end()
    expect(reply).toMatchObject({
      kind: 'reply',
      id: 6,
      reply: {
        ok: false,
        error: {
          code: 'invalid-argument',
          fieldErrors: [
            {
              path: `$.components[0].attributes${'.a'.repeat(MAX_CONFIG_DEPTH - 3)}`,
              message: expect.stringContaining('nested too deeply') as unknown,
            },
          ],
        },
      },
    })
    expect(await started.core.call('getPartConfig', { partId: part.id })).toEqual(before)
  })
})
