import { randomUUID } from 'node:crypto'
import { filterSdpCandidates, type AllowedNetworks } from '../../../net/webrtc/candidateFilter'
import { createPeerChannel, type PeerChannel } from '../../../net/webrtc/PeerChannel'
import { describeIssues, SignalAnswerSchema, type SignalOffer } from '../../../net/webrtc/signalProtocol'
import { WrtcPeer, type IceServer, type SessionDescription } from '../../../net/webrtc/WrtcPeer'
import { errorMessage } from '../../../shared/errors/errorMessage'
import { describeFetchFailure, signalNetworkRetryDelayMs, signalRetryDelayMs } from './signalRetry'

export interface ConnectWebRtcOptions {
  /** The agent's signaling endpoint, `http://<host>:<port>/signal` (host and port from mDNS). */
  signalUrl: string
  /** Networks whose candidates are offered and accepted (see candidateFilter.ts). */
  candidateFilter: AllowedNetworks
  iceServers?: readonly IceServer[]
  /** For the whole setup: gathering, the signaling request and ICE/DTLS/SCTP. */
  timeoutMs: number
  /** Defaults to a random UUID. */
  sessionId?: string
  /** See PeerChannelOptions. */
  disconnectedGraceMs?: number
  /**
   * Told when the offer goes again: the agent asked to wait (429/503 with Retry-After), or the
   * request got no answer at all (status 0).
   */
  onRetry?: (info: { status: number; reason: string; delayMs: number }) => void
}

/**
 * Opens a WebRTC data channel session to an agent: creates the offer, sends it (candidates filtered)
 * to the agent's signaling endpoint, applies the filtered answer and resolves once the data channel
 * is open. On any failure or timeout the peer is destroyed, so nothing is left running.
 */
export async function connectWebRtc(options: ConnectWebRtcOptions): Promise<PeerChannel> {
  const peer = new WrtcPeer({ initiator: true, iceServers: options.iceServers })
  const deadline = Date.now() + options.timeoutMs
  const abort = new AbortController()
  const cleanups: Array<() => void> = []
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<PeerChannel>((resolve, reject) => {
      const failWith = (message: string): void =>
        reject(new Error(`WebRTC to ${options.signalUrl}: ${message}`))
      timer = setTimeout(() => failWith(`no connection after ${options.timeoutMs} ms`), options.timeoutMs)
      cleanups.push(
        peer.onError((error) => failWith(error.message)),
        peer.onClose(() => failWith('the peer closed during setup')),
        peer.onConnect(() => {
          // Made here, synchronously, so no message that follows the open is missed.
          resolve(createPeerChannel(peer, { disconnectedGraceMs: options.disconnectedGraceMs }))
        }),
        peer.onSignal((offer) => {
          exchange(offer).then(
            (answer) => peer.signal(answer),
            (err: unknown) => failWith(errorMessage(err)),
          )
        }),
      )
    })
  } catch (err) {
    abort.abort()
    peer.destroy()
    throw err
  } finally {
    clearTimeout(timer)
    for (const cleanup of cleanups) cleanup()
  }

  async function exchange(offer: SessionDescription): Promise<SessionDescription> {
    const sdp = filterSdpCandidates(offer.sdp, options.candidateFilter)
    if (!sdp.includes('a=candidate:')) {
      throw new Error(
        `this computer has no address in the allowed networks (${options.candidateFilter.setting})`,
      )
    }
    const newBody = (): SignalOffer => ({ type: 'offer', sdp, sessionId: options.sessionId ?? randomUUID() })
    let body = newBody()
    let json: unknown
    for (let retries = 0, networkRetries = 0; ;) {
      let response: Response
      try {
        response = await fetch(options.signalUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: abort.signal,
        })
      } catch (err) {
        if (abort.signal.aborted) throw err
        const reason = describeFetchFailure(err)
        const delayMs = signalNetworkRetryDelayMs({
          retries: networkRetries,
          remainingMs: deadline - Date.now(),
        })
        if (delayMs === null) throw new Error(reason, { cause: err })
        networkRetries++
        options.onRetry?.({ status: 0, reason, delayMs })
        await abortableDelay(delayMs, abort.signal)
        // The agent may have received the lost one: a fresh id keeps the next from being a duplicate.
        body = newBody()
        continue
      }
      const text = await response.text()
      json = null
      try {
        json = JSON.parse(text)
      } catch {
        // reported below with the status
      }
      if (response.ok) break
      const reason = isErrorBody(json) ? json.error : text.slice(0, 200)
      const delayMs = signalRetryDelayMs({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        retries,
        remainingMs: deadline - Date.now(),
        now: Date.now(),
      })
      if (delayMs === null)
        throw new Error(`the agent refused the offer (HTTP ${response.status}): ${reason}`)
      retries++
      options.onRetry?.({ status: response.status, reason, delayMs })
      await abortableDelay(delayMs, abort.signal)
    }
    const answer = SignalAnswerSchema.safeParse(json, { reportInput: true })
    if (!answer.success) throw new Error(`the agent's answer is malformed: ${describeIssues(answer.error)}`)
    const filtered = filterSdpCandidates(answer.data.sdp, options.candidateFilter)
    if (!filtered.includes('a=candidate:')) {
      throw new Error(`the agent has no address in the allowed networks (${options.candidateFilter.setting})`)
    }
    return { type: 'answer', sdp: filtered }
  }
}

function isErrorBody(value: unknown): value is { error: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string'
  )
}

/** Waits, unless the setup is abandoned meanwhile (then rejects, so nothing is sent after it). */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('setup abandoned'))
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new Error('setup abandoned'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
