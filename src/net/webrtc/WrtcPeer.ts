import wrtc from '@roamhq/wrtc'
import SimplePeer from 'simple-peer'
import { holdPeerConnectionFactory } from './sharedFactory'
import { asError } from '../../shared/errors/errorMessage'

/**
 * simple-peer over @roamhq/wrtc, wrapped once with exact types: simple-peer's typings are loose
 * (events take `any`, the stream side is a Duplex of anything), so everything that crosses into our
 * code is checked here and nowhere else.
 */

export interface SessionDescription {
  type: 'offer' | 'answer'
  sdp: string
}

export interface IceServer {
  urls: string | string[]
  username?: string
  credential?: string
}

export interface WrtcPeerOptions {
  initiator: boolean
  /** STUN/TURN servers; none are needed on a LAN (host candidates). */
  iceServers?: readonly IceServer[]
  /**
   * How long after the first candidate to wait for more before the offer or answer goes out (it
   * goes out sooner if gathering completes). libwebrtc finds the UDP host candidates together, then
   * the TCP ones 100 ms later; a LAN session needs only the former, so without ICE servers the
   * default is short (setup about 90 ms faster: 25 ms instead of 115 ms over loopback). With STUN/TURN it leaves time for their answers.
   */
  gatherTimeoutMs?: number
}

/** What the selected candidate pair and the transport counters say, for diagnostics and tests. */
export interface PeerStats {
  localAddress: string | null
  localPort: number | null
  remoteAddress: string | null
  remotePort: number | null
  bytesSent: number
  bytesReceived: number
  /** The ICE round trip time of the selected pair, when the stack has measured one. */
  roundTripTimeMs: number | null
}

type Unsubscribe = () => void

interface PeerConnectionLike {
  readonly connectionState: string
  addEventListener(type: 'connectionstatechange', listener: () => void): void
  removeEventListener(type: 'connectionstatechange', listener: () => void): void
}

/** Members simple-peer 9 has but its typings leave out (`_pc` is its RTCPeerConnection). */
interface SimplePeerExtras {
  _pc?: PeerConnectionLike | null
  getStats(callback: (err: Error | null, reports: unknown) => void): void
  localAddress?: string
  localPort?: number
  remoteAddress?: string
  remotePort?: number
}

export class WrtcPeer {
  private readonly peer: SimplePeer.Instance
  private readonly closeListeners = new Set<() => void>()
  private readonly extras: SimplePeerExtras
  private pc: PeerConnectionLike | null
  private closed = false

  constructor(options: WrtcPeerOptions) {
    // Before the connection is made, so it joins the factory the anchor keeps (see sharedFactory).
    const releaseFactory = holdPeerConnectionFactory()
    try {
      this.peer = createSimplePeer(options)
    } catch (err) {
      releaseFactory()
      throw err
    }
    this.extras = this.peer as unknown as SimplePeerExtras
    // Kept here because simple-peer drops its reference on destroy.
    this.pc = this.extras._pc ?? null
    // A Duplex without an 'error' listener would throw; errors reach us through onError instead.
    this.peer.on('error', () => undefined)
    this.peer.once('close', () => {
      this.closed = true
      // simple-peer has closed the connection by now; nothing here keeps it from being collected.
      this.pc = null
      releaseFactory()
      for (const listener of this.closeListeners) listener()
      this.closeListeners.clear()
    })
  }

  /** True once the peer has been destroyed, by us, the remote side or a failure. */
  get isClosed(): boolean {
    return this.closed
  }

  signal(description: SessionDescription): void {
    this.peer.signal({ type: description.type, sdp: description.sdp })
  }

  /**
   * Queues one text message. Goes through the stream side rather than `send()` so simple-peer
   * applies backpressure (it waits for the channel's buffer to drain past 64 KiB); sending straight
   * on the channel lets a burst overflow libwebrtc's 16 MiB buffer, which closes the channel.
   */
  write(message: string): void {
    this.peer.write(message)
  }

  destroy(error?: Error): void {
    this.peer.destroy(error)
  }

  onSignal(listener: (description: SessionDescription) => void): Unsubscribe {
    return this.listen('signal', (data: unknown) => {
      const description = asSessionDescription(data)
      if (description) listener(description)
    })
  }

  onConnect(listener: () => void): Unsubscribe {
    return this.listen('connect', () => listener())
  }

  onData(listener: (message: string) => void): Unsubscribe {
    return this.listen('data', (data: unknown) => {
      // Text arrives as a string in object mode; a binary message (another implementation) is
      // decoded as UTF-8 rather than dropped.
      if (typeof data === 'string') listener(data)
      else if (data instanceof Uint8Array) listener(Buffer.from(data).toString('utf8'))
      else if (data instanceof ArrayBuffer) listener(Buffer.from(data).toString('utf8'))
    })
  }

  onError(listener: (error: Error) => void): Unsubscribe {
    return this.listen('error', (err: unknown) => listener(asError(err)))
  }

  /** Called once when the peer is destroyed; immediately (asynchronously) if it already is. */
  onClose(listener: () => void): Unsubscribe {
    if (this.closed) {
      queueMicrotask(listener)
      return () => undefined
    }
    this.closeListeners.add(listener)
    return () => {
      this.closeListeners.delete(listener)
    }
  }

  /**
   * The peer connection's state ('connecting', 'connected', 'disconnected', 'failed', ...).
   * simple-peer forwards only ICE states, and wrtc's ICE state stays 'connected' when the remote
   * vanishes: only this one turns 'disconnected' (about 5 s after the last packet).
   */
  onConnectionState(listener: (state: string) => void): Unsubscribe {
    const pc = this.pc
    if (!pc) return () => undefined
    const handler = (): void => listener(pc.connectionState)
    pc.addEventListener('connectionstatechange', handler)
    return () => pc.removeEventListener('connectionstatechange', handler)
  }

  async stats(): Promise<PeerStats> {
    const reports = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      this.extras.getStats((err: Error | null, items: unknown) => {
        if (err) reject(err)
        else resolve(Array.isArray(items) ? items.filter(isRecord) : [])
      })
    })
    return summarizeStats(reports, {
      localAddress: this.extras.localAddress ?? null,
      localPort: this.extras.localPort ?? null,
      remoteAddress: this.extras.remoteAddress ?? null,
      remotePort: this.extras.remotePort ?? null,
    })
  }

  private listen(event: string, listener: (...args: unknown[]) => void): Unsubscribe {
    this.peer.on(event, listener)
    return () => {
      this.peer.off(event, listener)
    }
  }
}

function createSimplePeer(options: WrtcPeerOptions): SimplePeer.Instance {
  return new SimplePeer({
    initiator: options.initiator,
    // wrtc's classes are the standard ones; simple-peer's typings name the DOM globals, which the
    // Node build of this project does not load.
    wrtc: wrtc as unknown as SimplePeer.Options['wrtc'],
    // One offer, one answer: the LAN signaling endpoint is a single HTTP request.
    trickle: false,
    iceCompleteTimeout: options.gatherTimeoutMs ?? (options.iceServers?.length ? 3000 : 20),
    // Strings stay strings (text data channel messages) instead of turning into Buffers.
    objectMode: true,
    config: { iceServers: (options.iceServers ?? []).map((s) => ({ ...s })) },
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function asSessionDescription(data: unknown): SessionDescription | null {
  if (!isRecord(data)) return null
  const { type, sdp } = data
  if ((type === 'offer' || type === 'answer') && typeof sdp === 'string') return { type, sdp }
  return null
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/**
 * Reads the selected candidate pair out of a getStats() report list. The remote address is null when
 * the remote candidate is peer-reflexive (learnt from a check, not signaled): libwebrtc hides those.
 */
function summarizeStats(
  reports: Record<string, unknown>[],
  fallback: Pick<PeerStats, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): PeerStats {
  const byId = new Map(reports.map((r) => [r.id, r]))
  const transport = reports.find((r) => r.type === 'transport')
  const pairs = reports.filter((r) => r.type === 'candidate-pair')
  const pair =
    pairs.find((p) => p.id === transport?.selectedCandidatePairId) ??
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded')
  const local = byId.get(pair?.localCandidateId)
  const remote = byId.get(pair?.remoteCandidateId)
  const address = (candidate: Record<string, unknown> | undefined): string | null => {
    const value = candidate?.address ?? candidate?.ip
    return typeof value === 'string' && value !== '' ? value : null
  }
  const port = (candidate: Record<string, unknown> | undefined): number | null =>
    typeof candidate?.port === 'number' ? candidate.port : null
  const rtt = pair?.currentRoundTripTime
  return {
    localAddress: address(local) ?? fallback.localAddress,
    localPort: port(local) ?? fallback.localPort,
    remoteAddress: address(remote) ?? fallback.remoteAddress,
    remotePort: port(remote) ?? fallback.remotePort,
    bytesSent: num(pair?.bytesSent ?? transport?.bytesSent),
    bytesReceived: num(pair?.bytesReceived ?? transport?.bytesReceived),
    roundTripTimeMs: typeof rtt === 'number' ? rtt * 1000 : null,
  }
}
