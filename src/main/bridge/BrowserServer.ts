import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { BRIDGE_PATH, type BridgeMessage, type BridgeRequest } from '../../shared/api/bridgeProtocol'
import { coreEventNames } from '../../shared/api/contract'
import type { FleetCore } from '../core/FleetCore'
import { readStaticFile } from './staticFiles'
import { CONTENT_SECURITY_POLICY } from '../app/contentSecurityPolicy'

export interface BrowserServerOptions {
  /**
   * The core, or its promise: the server may start listening while the cache is still opening, so
   * the page loads in parallel with it; calls wait for the core.
   */
  core: FleetCore | Promise<FleetCore>
  rendererDir: string
  port: number
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
}

export interface RunningBrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * Browser mode: serves the built renderer on 127.0.0.1 and carries the core contract over a
 * WebSocket that requires the per-launch token and a same-origin Origin header, so neither another
 * local user's browser tab nor a web page the operator happens to visit can drive the fleet.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<RunningBrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const expected = Buffer.from(token)
  const sockets = new Set<WebSocket>()

  const http: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    void readStaticFile(options.rendererDir, req.url ?? '/').then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      res.end(req.method === 'HEAD' ? undefined : file.body)
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 })
  let port = options.port

  const allowed = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== BRIDGE_PATH) return false
    const given = Buffer.from(url.searchParams.get('token') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false
    const origin = req.headers.origin
    return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
  }

  http.on('upgrade', (req, socket, head) => {
    if (!allowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws))
  })

  const serveSocket = (ws: WebSocket): void => {
    sockets.add(ws)
    const send = (msg: BridgeMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
    }
    const core = Promise.resolve(options.core)
    const unsubscribe: Array<() => void> = []
    let closed = false
    void core.then((c) => {
      if (closed) return
      for (const event of coreEventNames)
        unsubscribe.push(
          c.events.on(event, (payload) => send({ kind: 'event', event, payload } as BridgeMessage)),
        )
    })
    ws.on('message', (data) => {
      let request: BridgeRequest
      try {
        request = JSON.parse(data.toString()) as BridgeRequest
        if (typeof request.id !== 'number' || typeof request.method !== 'string')
          throw new Error('bad request')
      } catch {
        ws.close(1003, 'malformed request')
        return
      }
      void core
        .then((c) => c.handle(request.method, request.params))
        .then((reply) => send({ kind: 'reply', id: request.id, reply }))
    })
    ws.on('close', () => {
      closed = true
      sockets.delete(ws)
      for (const off of unsubscribe) off()
    })
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (http.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
