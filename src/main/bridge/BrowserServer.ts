import { randomBytes } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { BRIDGE_MAX_MESSAGE_BYTES, BRIDGE_PATH } from '../../shared/api/bridgeProtocol'
import { assertNever } from '../../shared/errors/CoreError'
import type { FleetCore } from '../core/FleetCore'
import { readStaticFile } from './staticFiles'
import {
  decideUpgrade,
  isAllowedHost,
  misdirectedMessage,
  rawHttpResponse,
  SECURITY_HEADERS,
} from './requestGuards'
import { serveBridgeSocket } from './serveBridgeSocket'

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
  /** The largest message accepted; BRIDGE_MAX_MESSAGE_BYTES unless a test wants a smaller bound. */
  maxMessageBytes?: number
  /** Where refused connections are reported (one line each); console.warn by default. */
  log?: (line: string) => void
}

export interface RunningBrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function plain(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra })
  res.end(message)
}

/**
 * Browser mode: serves the built renderer on 127.0.0.1 and carries the core contract over a
 * WebSocket that requires the loopback Host, a same-origin Origin header and the per-launch token,
 * so that neither another local user's browser tab, nor a web page the operator happens to visit,
 * nor one that rebinds its DNS name to 127.0.0.1, can drive the fleet.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<RunningBrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? ((line: string) => console.warn(line))
  const core = Promise.resolve(options.core)
  // A core that fails to start is reported by whoever started it; here it only must not go unhandled.
  core.catch(() => undefined)
  const sockets = new Set<WebSocket>()
  let port = options.port

  const http: Server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) {
      plain(res, 421, misdirectedMessage(port))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' })
      return
    }
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === BRIDGE_PATH) {
      plain(res, 426, 'This address is the WebSocket bridge of the Fleetdesk page.\n', {
        upgrade: 'websocket',
      })
      return
    }
    void readStaticFile(options.rendererDir, req.url ?? '/').then((file) => {
      if (!file) {
        plain(res, 404, 'not found\n')
        return
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': file.contentType,
        'cache-control': 'no-store',
      })
      res.end(req.method === 'HEAD' ? undefined : file.body)
    })
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? BRIDGE_MAX_MESSAGE_BYTES,
    // Compression would let a small frame inflate into a large message; the bridge is on loopback.
    perMessageDeflate: false,
  })

  const track = (ws: WebSocket): void => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
  }

  http.on('upgrade', (req, socket, head) => {
    // Node removes its own error listener from an upgraded socket; a reset must not end the process.
    socket.on('error', () => socket.destroy())
    const decision = decideUpgrade(
      { url: req.url, host: req.headers.host, origin: req.headers.origin },
      port,
      token,
    )
    switch (decision.kind) {
      case 'refuse':
        socket.end(rawHttpResponse(decision.status, decision.message))
        return
      case 'close':
        // Serves nothing: the page only learns why, from the close code and reason.
        wss.handleUpgrade(req, socket, head, (ws) => {
          track(ws)
          ws.on('error', () => undefined)
          ws.close(decision.code, decision.reason)
        })
        return
      case 'accept':
        wss.handleUpgrade(req, socket, head, (ws) => {
          track(ws)
          serveBridgeSocket(ws, { core, onRejected: log })
        })
        return
      default:
        assertNever(decision, 'upgrade decision')
    }
  })

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
