import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SessionSink } from '../../shared/robot/MessageChannel'
import { filterSdpCandidates, type AllowedNetworks } from '../../net/webrtc/candidateFilter'
import { createPeerChannel } from '../../net/webrtc/PeerChannel'
import { releaseIdleFactory } from '../../net/webrtc/sharedFactory'
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
import { DEFAULT_ADMISSION_LIMITS, SignalAdmission, sourceKey, type PendingId } from './SignalAdmission'
import { errorMessage } from '../../shared/errors/errorMessage'

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
  /**
   * A peer that has not connected by then is dropped: 5 s by default (a LAN session connects in
   * about 0.1 s), 15 s with ICE servers (STUN and TURN answers take longer).
   */
  connectTimeoutMs?: number
  /** Sessions being set up at once (each holds UDP sockets and a thread's work); see SignalAdmission. */
  maxPendingSessions?: number
  /** Sessions being set up at once from one source address (an IPv6 /64); more get 429. */
  maxPendingPerSource?: number
  /** How long a session being set up is safe from eviction by a newcomer; see SignalAdmission. */
  handshakeGraceMs?: number
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
    /** For a refusal that may succeed later: sent as Retry-After and in the body. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** Headers and body are done within these; a client trickling its request holds no socket longer. */
const HEADERS_TIMEOUT_MS = 5000
const REQUEST_TIMEOUT_MS = 10_000

/**
 * The agent's LAN WebRTC endpoint: an HTTP server answering `POST /signal` offers (one simple-peer
 * per session, each connected data channel handed to `agent.attachSession`) and `GET /health`.
 * Candidates are filtered both ways with the same filter as the desktop's. Which offers are taken on
 * is SignalAdmission's decision (per-source and global bounds, fast expiry, eviction). Stop closes
 * the server and destroys every peer.
 */
export function createWebRtcTransport(options: WebRtcTransportOptions): WebRtcTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? (options.iceServers?.length ? 15_000 : 5000)
  const admission = new SignalAdmission({
    maxPending: options.maxPendingSessions ?? DEFAULT_ADMISSION_LIMITS.maxPending,
    maxPendingPerSource: options.maxPendingPerSource ?? DEFAULT_ADMISSION_LIMITS.maxPendingPerSource,
    pendingTimeoutMs: connectTimeoutMs,
    handshakeGraceMs: options.handshakeGraceMs ?? DEFAULT_ADMISSION_LIMITS.handshakeGraceMs,
  })
  const peers = new Map<string, WrtcPeer>()
  /** Peers being set up, by their admission. */
  const settingUp = new Map<PendingId, WrtcPeer>()
  let server: Server | null = null
  let agent: SessionHostAgent | null = null
  let port = 0

  const answer = async (body: unknown, source: string): Promise<SignalAnswer> => {
    const parsed = SignalOfferSchema.safeParse(body, { reportInput: true })
    if (!parsed.success) throw new HttpError(400, `malformed offer: ${describeIssues(parsed.error)}`)
    const { sdp, sessionId } = parsed.data
    if (peers.has(sessionId)) throw new HttpError(409, `session ${sessionId} already exists`)
    const offer = filterSdpCandidates(sdp, options.candidateFilter)
    if (!offer.includes('a=candidate:')) {
      throw new HttpError(
        400,
        `the offer has no candidate in the allowed networks (${options.candidateFilter.setting})`,
      )
    }
    // Last, so that an offer refused for what it says never takes a slot.
    const admitted = admission.offer(source, performance.now())
    if (admitted.kind === 'refuse') {
      throw new HttpError(admitted.status, admitted.reason, admitted.retryAfterSeconds)
    }
    for (const id of admitted.evict) {
      settingUp.get(id)?.destroy(new Error('dropped to make room for another session being set up'))
      settingUp.delete(id)
    }
    const peer = new WrtcPeer({ initiator: false, iceServers: options.iceServers })
    peers.set(sessionId, peer)
    settingUp.set(admitted.id, peer)
    const settle = (): void => {
      admission.settle(admitted.id)
      settingUp.delete(admitted.id)
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
        offClose()
        resolve(description)
      })
      // Errors before the answer exists come from setting the remote description: a bad offer.
      const offError = peer.onError((error) => {
        offSignal()
        offError()
        offClose()
        reject(new HttpError(400, `offer rejected: ${error.message}`))
      })
      // Destroyed without an error before it answered: the transport is stopping.
      const offClose = peer.onClose(() => reject(new HttpError(503, 'the agent is stopping')))
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
      throw new HttpError(400, `malformed offer: body is not JSON (${errorMessage(err)})`)
    }
    sendJson(res, 200, await answer(body, sourceKey(req.socket.remoteAddress)))
  }

  return {
    async start(target) {
      if (server) throw new Error('webrtc transport already started')
      agent = target
      const http = createServer(
        {
          headersTimeout: HEADERS_TIMEOUT_MS,
          requestTimeout: REQUEST_TIMEOUT_MS,
          // How often those two are checked (30 s by default).
          connectionsCheckingInterval: 1000,
        },
        (req, res) => {
          handle(req, res).catch((err: unknown) => {
            const status = err instanceof HttpError ? err.status : 500
            const message = errorMessage(err)
            const retryAfter = err instanceof HttpError ? err.retryAfterSeconds : undefined
            if (res.headersSent) res.destroy()
            else if (retryAfter === undefined) sendJson(res, status, { error: message })
            else sendJson(res, status, { error: message, retryAfterSeconds: retryAfter }, retryAfter)
          })
        },
      )
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
      // The agent is done with WebRTC: nothing need keep wrtc's threads for a next session.
      releaseIdleFactory()
    },
    get port() {
      return port
    },
    get sessionCount() {
      return peers.size
    },
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number): void {
  const text = JSON.stringify(body)
  // One request per session: closing the connection leaves no idle keep-alive socket on either side.
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
    'cache-control': 'no-store',
    ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
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
