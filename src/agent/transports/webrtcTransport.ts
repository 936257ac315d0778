import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SessionSink } from '../../shared/robot/MessageChannel'
import { filterSdpCandidates, type AllowedNetworks } from '../../net/webrtc/candidateFilter'
import { createPeerChannel } from '../../net/webrtc/PeerChannel'
import {
  describeIssues,
  HEALTH_PATH,
  MAX_SIGNAL_BODY_BYTES,
  SIGNAL_PATH,
  SignalOfferSchema,
  type AgentHealth,
  type SignalAnswer,
} from '../../net/webrtc/signalProtocol'
import { WrtcPeer, type IceServer, type SessionDescription } from '../../net/webrtc/WrtcPeer'

/** What this transport needs of the agent runtime (the one sink every transport uses). */
export type SessionHostAgent = SessionSink

export interface WebRtcTransportOptions {
  /** The agent's listen address. */
  host: string
  /** 0 picks a free port (see `port` once started). */
  port: number
  candidateFilter: AllowedNetworks
  iceServers?: readonly IceServer[]
  /** What GET /health reports (the agent's identity). */
  health: () => AgentHealth
  /** A peer that has not connected by then is dropped. */
  connectTimeoutMs?: number
  /** Sessions being set up at once; more get 503 (each holds UDP sockets and a thread's work). */
  maxPendingSessions?: number
  /** Passed on to each session's channel (see PeerChannelOptions). */
  disconnectedGraceMs?: number
}

export interface WebRtcTransport {
  start(agent: SessionHostAgent): Promise<void>
  stop(): Promise<void>
  /** The bound port (after start). */
  readonly port: number
  /** Sessions with a live peer (set up or connected). */
  readonly sessionCount: number
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The agent's LAN WebRTC endpoint: an HTTP server answering `POST /signal` offers (one simple-peer
 * per session, each connected data channel handed to `agent.attachSession`) and `GET /health`.
 * Candidates are filtered both ways with the same filter as the desktop's. Stop closes the server and
 * destroys every peer.
 */
export function createWebRtcTransport(options: WebRtcTransportOptions): WebRtcTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000
  const maxPending = options.maxPendingSessions ?? 16
  const peers = new Map<string, WrtcPeer>()
  let pending = 0
  let server: Server | null = null
  let agent: SessionHostAgent | null = null
  let port = 0

  const answer = async (body: unknown): Promise<SignalAnswer> => {
    const parsed = SignalOfferSchema.safeParse(body)
    if (!parsed.success) throw new HttpError(400, `malformed offer: ${describeIssues(parsed.error)}`)
    const { sdp, sessionId } = parsed.data
    if (peers.has(sessionId)) throw new HttpError(409, `session ${sessionId} already exists`)
    if (pending >= maxPending) throw new HttpError(503, 'too many sessions being set up; retry shortly')
    const offer = filterSdpCandidates(sdp, options.candidateFilter)
    if (!offer.includes('a=candidate:')) {
      throw new HttpError(
        400,
        `the offer has no candidate in the allowed networks (${options.candidateFilter.setting})`,
      )
    }
    const peer = new WrtcPeer({ initiator: false, iceServers: options.iceServers })
    peers.set(sessionId, peer)
    pending += 1
    let connected = false
    const settle = (): void => {
      if (!connected) pending -= 1
      connected = true
      clearTimeout(timer)
    }
    const timer = setTimeout(() => peer.destroy(new Error('no connection in time')), connectTimeoutMs)
    peer.onClose(() => {
      settle()
      peers.delete(sessionId)
    })
    peer.onConnect(() => {
      settle()
      // Created synchronously on connect, so the first message after the open is not missed.
      const channel = createPeerChannel(peer, { disconnectedGraceMs: options.disconnectedGraceMs })
      if (agent) agent.attachSession(channel)
      else channel.close('agent stopped')
    })
    const local = await new Promise<SessionDescription>((resolve, reject) => {
      const offSignal = peer.onSignal((description) => {
        offSignal()
        offError()
        resolve(description)
      })
      // Errors before the answer exists come from setting the remote description: a bad offer.
      const offError = peer.onError((error) => {
        offSignal()
        offError()
        reject(new HttpError(400, `offer rejected: ${error.message}`))
      })
      peer.signal({ type: 'offer', sdp: offer })
    }).catch((err: unknown) => {
      peer.destroy()
      throw err
    })
    return { type: 'answer', sdp: filterSdpCandidates(local.sdp, options.candidateFilter) }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === HEALTH_PATH) {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET')
      return sendJson(res, 200, options.health())
    }
    if (path !== SIGNAL_PATH) throw new HttpError(404, `no such endpoint: ${path}`)
    if (req.method !== 'POST') throw new HttpError(405, 'use POST')
    // Requiring JSON makes a browser preflight a cross-site POST, which is never allowed here.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, 'expected content-type: application/json')
    }
    const text = await readBody(req, MAX_SIGNAL_BODY_BYTES)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (err) {
      throw new HttpError(
        400,
        `malformed offer: body is not JSON (${err instanceof Error ? err.message : String(err)})`,
      )
    }
    sendJson(res, 200, await answer(body))
  }

  return {
    async start(target) {
      if (server) throw new Error('webrtc transport already started')
      agent = target
      const http = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          const status = err instanceof HttpError ? err.status : 500
          const message = err instanceof Error ? err.message : String(err)
          if (!res.headersSent) sendJson(res, status, { error: message })
          else res.destroy()
        })
      })
      server = http
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject)
        http.listen(options.port, options.host, () => {
          http.off('error', reject)
          resolve()
        })
      })
      port = (http.address() as AddressInfo).port
    },
    async stop() {
      agent = null
      const http = server
      server = null
      const closing = [...peers.values()].map((peer) => new Promise<void>((resolve) => peer.onClose(resolve)))
      for (const peer of peers.values()) peer.destroy()
      if (http) {
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        })
      }
      await Promise.all(closing)
    },
    get port() {
      return port
    },
    get sessionCount() {
      return peers.size
    },
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  // One request per session: closing the connection leaves no idle keep-alive socket on either side.
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
    'cache-control': 'no-store',
  })
  res.end(text)
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `body larger than ${limit} bytes`))
      req.resume()
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Stop reading; the 413 goes out with `connection: close`, which drops the rest.
        req.removeAllListeners('data')
        req.pause()
        reject(new HttpError(413, `body larger than ${limit} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
