import type { MessageChannel } from '../../shared/robot/MessageChannel'
import type { PeerStats, WrtcPeer } from './WrtcPeer'

/** A MessageChannel over a WebRTC data channel, with the peer's diagnostics. */
export interface PeerChannel extends MessageChannel {
  peerStats(): Promise<PeerStats>
}

export interface PeerChannelOptions {
  /**
   * How long the connection may stay 'disconnected' (reported about 5 s after the last packet)
   * before the session counts as lost. libwebrtc reports 'failed' only 10 s after that; a robot
   * session should give up sooner, but a short Wi-Fi hiccup (from which the connection recovers by
   * itself) should not end it.
   */
  disconnectedGraceMs?: number
  /** Largest message reassembled from parts; a peer sending more is cut off. */
  maxMessageChars?: number
}

/**
 * Framing on the data channel. A data channel message has a size limit (256 KiB in libwebrtc, 64 KiB
 * in some stacks) and a camera image or a big config can exceed it, so each message is sent as one or
 * more frames: `+<seq> <text>` is a part with more to follow, `=<seq> <text>` is a whole message or its
 * last part. Frames hold at most 16 Ki UTF-16 units, so at most 48 KiB of UTF-8, under every stack's
 * limit.
 *
 * `<seq>` counts frames from 0 in each direction. The channel is ordered, but once, under load, two
 * messages sent right after the channel opened arrived swapped (echo:two before echo:one in the
 * cross-process test); a robot must never see `stop` before the `setPower` it follows. So frames
 * that arrive early are held until the gap fills, and a repeated or wildly early frame ends the
 * session as a protocol error.
 */
const MAX_FRAME_CHARS = 16 * 1024
const MAX_HELD_FRAMES = 1024
const PART = '+'
const LAST = '='

/**
 * Adapts a connected WrtcPeer to a MessageChannel. `close()` destroys the peer; the remote side sees
 * its data channel close (within milliseconds on a LAN) and reports 'closed by peer'; errors become
 * the close reason.
 */
export function createPeerChannel(peer: WrtcPeer, options: PeerChannelOptions = {}): PeerChannel {
  const graceMs = options.disconnectedGraceMs ?? 3000
  const maxChars = options.maxMessageChars ?? 64 * 1024 * 1024
  const messageListeners = new Set<(message: string) => void>()
  const closeListeners = new Set<(reason: string) => void>()
  // Messages that arrive before anyone listens (the consumer subscribes after connect resolves) are
  // kept for the first listener rather than lost.
  let early: string[] | null = []
  let parts: string[] = []
  let partChars = 0
  let open = !peer.isClosed
  let closeReason: string | null = peer.isClosed ? 'closed' : null
  let closeReported = false
  let disconnectedTimer: NodeJS.Timeout | undefined
  let sendSeq = 0
  let expectedSeq = 0
  const held = new Map<number, string>()

  const deliver = (message: string): void => {
    if (early) {
      early.push(message)
      return
    }
    for (const listener of messageListeners) listener(message)
  }

  const fail = (reason: string): void => {
    if (closeReason === null) closeReason = reason
    peer.destroy()
  }

  /** Handles one frame in order; false when the channel failed. */
  const onFrame = (kind: string | undefined, text: string): boolean => {
    if (kind !== PART && kind !== LAST) {
      fail('protocol error: unframed data channel message')
      return false
    }
    partChars += text.length
    if (partChars > maxChars) {
      fail(`protocol error: message longer than ${maxChars} characters`)
      return false
    }
    if (kind === PART) {
      parts.push(text)
      return true
    }
    const message = parts.length === 0 ? text : parts.join('') + text
    parts = []
    partChars = 0
    deliver(message)
    return true
  }

  const unsubscribers = [
    peer.onData((raw) => {
      const space = raw.indexOf(' ')
      const seq = Number(raw.slice(1, space))
      if (space < 2 || !Number.isSafeInteger(seq))
        return fail('protocol error: unframed data channel message')
      if (seq < expectedSeq || held.has(seq)) return fail(`protocol error: frame ${seq} received twice`)
      held.set(seq, raw)
      if (held.size > MAX_HELD_FRAMES) return fail(`protocol error: frame ${expectedSeq} never arrived`)
      for (let frame = held.get(expectedSeq); frame !== undefined; frame = held.get(expectedSeq)) {
        held.delete(expectedSeq)
        expectedSeq++
        if (!onFrame(frame[0], frame.slice(frame.indexOf(' ') + 1))) return
      }
    }),
    peer.onError((error) => {
      if (closeReason === null) closeReason = error.message
    }),
    peer.onConnectionState((state) => {
      clearTimeout(disconnectedTimer)
      if (state !== 'disconnected') return
      disconnectedTimer = setTimeout(
        () => fail('connection lost (nothing heard from the peer for several seconds)'),
        graceMs,
      )
    }),
  ]

  peer.onClose(() => {
    clearTimeout(disconnectedTimer)
    for (const unsubscribe of unsubscribers) unsubscribe()
    open = false
    const reason = closeReason ?? 'closed by peer'
    closeReason = reason
    closeReported = true
    for (const listener of closeListeners) listener(reason)
    closeListeners.clear()
  })

  return {
    send(message) {
      if (!open) throw new Error(`channel closed (${closeReason ?? 'closing'})`)
      for (let start = 0; ;) {
        let end = Math.min(start + MAX_FRAME_CHARS, message.length)
        // Never split a surrogate pair: each frame is encoded as UTF-8 on its own.
        if (end < message.length && isHighSurrogate(message.charCodeAt(end - 1))) end -= 1
        const last = end >= message.length
        peer.write(`${last ? LAST : PART}${sendSeq++} ${message.slice(start, end)}`)
        if (last) break
        start = end
      }
    },
    onMessage(listener) {
      messageListeners.add(listener)
      if (early) {
        const pending = early
        early = null
        // Asynchronously, like every other delivery, so the subscriber finishes setting up first.
        if (pending.length > 0) queueMicrotask(() => pending.forEach(deliver))
      }
      return () => {
        messageListeners.delete(listener)
      }
    },
    onClose(listener) {
      if (closeReported) {
        const reason = closeReason ?? 'closed'
        queueMicrotask(() => listener(reason))
        return () => undefined
      }
      closeListeners.add(listener)
      return () => {
        closeListeners.delete(listener)
      }
    },
    close(reason = 'closed') {
      if (closeReason === null) closeReason = reason
      open = false
      peer.destroy()
    },
    get isOpen() {
      return open
    },
    peerStats: () => peer.stats(),
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
