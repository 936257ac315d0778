import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { BRIDGE_CLOSE, type BridgeMessage } from '../../../src/shared/api/bridgeProtocol'
import { startBrowserServer, type RunningBrowserServer } from '../../../src/main/bridge/BrowserServer'
import type { StartedCore } from '../../../src/main/app/startCore'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

let fleet: TempFleet
let started: StartedCore
let server: RunningBrowserServer
let rendererDir: string

beforeAll(async () => {
  fleet = await makeTempFleet(10)
  started = await fleet.start()
  rendererDir = mkdtempSync(join(tmpdir(), 'fleetdesk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fleetdesk</title>')
  server = await startBrowserServer({ core: started.core, rendererDir, port: 0 })
})
afterAll(async () => {
  await server.close()
  await started.stop()
  fleet.dispose()
  rmSync(rendererDir, { recursive: true, force: true })
})

/** Opens the bridge socket; resolves with the socket, or rejects with the HTTP status it was refused with. */
function connect(token: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`, origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Resolves with the close code and reason once the socket has closed. */
function closeOf(ws: WebSocket): Promise<[number, string]> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve([code, reason.toString()])))
}

function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<BridgeMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(data.toString()) as BridgeMessage
      if (msg.kind === 'reply' && msg.id === id) {
        ws.off('message', onMessage)
        resolve(msg)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, method, params }))
  })
}

describe('browser-mode bridge', () => {
  const origin = (): string => `http://127.0.0.1:${server.port}`

  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=${server.token}$`))
    expect(server.token.length).toBeGreaterThanOrEqual(24)
  })

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const escape = await fetch(`http://127.0.0.1:${server.port}/..%2f..%2fpackage.json`)
    expect(escape.status).toBe(404)
  })

  it('closes a same-origin socket with a wrong token as refused (4403), and one without a token as 4401', async () => {
    // A browser sees nothing of an HTTP refusal; a close code is how the page tells "not let in"
    // from "not running", and stops retrying.
    const wrong = await connect('wrong-token-wrong-token-wrong', origin())
    const [code, reason] = await closeOf(wrong)
    expect(code).toBe(BRIDGE_CLOSE.tokenRefused)
    expect(reason).toMatch(/token/)
    const missing = await connect('', origin())
    expect((await closeOf(missing))[0]).toBe(BRIDGE_CLOSE.tokenMissing)
  })

  it('serves nothing on a socket it refused', async () => {
    const ws = await connect('wrong-token-wrong-token-wrong', origin())
    const got: unknown[] = []
    ws.on('message', (data) => got.push(data.toString()))
    ws.send(JSON.stringify({ id: 1, method: 'getFleetTree', params: {} }))
    await closeOf(ws)
    expect(got).toEqual([])
  })

  it('refuses a socket from a foreign origin even with the token', async () => {
    await expect(connect(server.token, 'http://evil.example')).rejects.toThrow('status 403')
    await expect(connect(server.token, undefined)).rejects.toThrow('status 403')
    await expect(connect('wrong', 'http://evil.example')).rejects.toThrow('status 403')
  })

  it('answers contract calls for a same-origin socket with the token', async () => {
    const ws = await connect(server.token, origin())
    try {
      const tree = await call(ws, 1, 'getFleetTree', {})
      expect(tree).toMatchObject({ kind: 'reply', id: 1, reply: { ok: true } })
      const bad = await call(ws, 2, 'getMachine', { machineId: '' })
      expect(bad).toMatchObject({
        kind: 'reply',
        id: 2,
        reply: { ok: false, error: { code: 'invalid-argument' } },
      })
    } finally {
      ws.close()
    }
  })
})
