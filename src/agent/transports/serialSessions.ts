import type { MessageChannel, SessionSink } from '../../shared/robot/MessageChannel'
import {
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
  RpcError,
  toJsonRpcError,
} from '../../shared/robot/rpcErrors'
import type { FrameDropReason } from '../../shared/serial/FrameDecoder'
import type { FramedLink } from '../../net/serial/createFramedLink'

// A serial port is one wire that stays open while desktops come and go: unlike a WebRTC peer, a
// desktop that closes its end sends nothing. So the robot-protocol sessions on a port are
// successive: each is a channel of its own over the one link, and a new one starts when a client
// opens a session again on an authenticated one (a `session.challenge`, or a `session.hello` after
// a successful one). The previous session then ends, so what it moved stops (session closed).
// A `session.challenge` on a session that was challenged before and then went silent, with no
// failed hello, also starts afresh: the app asks "who is there" with a lone challenge, and the
// connect that follows must get a whole hello deadline, not what is left of the probe's.

export interface SerialSessionsOptions {
  /**
   * Text written before the first answer of each session (the agent's banner): a desktop that
   * opens its end after the agent booted still sees what it is talking to in its console.
   */
  banner?: string
  /** After the agent itself ended a session (too many failed hellos), the next one starts this late. */
  restartDelayMs?: number
}

const DROP_ERRORS: Readonly<Record<FrameDropReason, () => RpcError>> = {
  badCrc: () =>
    new RpcError(
      'invalid-argument',
      'frame dropped: its CRC-32 did not match (see docs/serial-protocol.md)',
      JSONRPC_PARSE_ERROR,
    ),
  badCobs: () =>
    new RpcError(
      'invalid-argument',
      'frame dropped: not a valid COBS encoding (see docs/serial-protocol.md)',
      JSONRPC_PARSE_ERROR,
    ),
  oversized: () =>
    new RpcError(
      'invalid-argument',
      'frame dropped: over the frame size limit (see docs/serial-protocol.md)',
      JSONRPC_INVALID_REQUEST,
    ),
}

/** Serves sessions on an open link until it closes; returns how many sessions were started so far. */
export function serveSerialSessions(
  link: FramedLink,
  sink: SessionSink,
  options: SerialSessionsOptions = {},
): { sessionsStarted(): number } {
  const restartDelayMs = options.restartDelayMs ?? 1000
  let current: SessionChannel | null = null
  let started = 0
  let restartTimer: NodeJS.Timeout | undefined
  /** After the agent ended a session itself, no new one starts before this (performance.now()). */
  let pausedUntil = 0
  const banner = options.banner === undefined ? undefined : new TextEncoder().encode(options.banner)

  /** One session's view of the link; it stays closed once it is replaced or the link closes. */
  class SessionChannel implements MessageChannel {
    private readonly messageListeners = new Set<(message: string) => void>()
    private readonly closeListeners = new Set<(reason: string) => void>()
    private open = true
    /** Ids of the hellos sent on this session that have not been answered yet. */
    readonly pendingHellos = new Set<unknown>()
    authenticated = false
    /** Whether it was sent a `session.challenge` already. */
    challenged = false
    /** Hellos refused on this session: it is kept across challenges, so the limit of three holds. */
    failedHellos = 0
    /** Whether a message was delivered to it yet (the banner goes before its first answer). */
    heard = false

    get isOpen(): boolean {
      return this.open && link.isOpen
    }
    send(message: string): void {
      if (!this.isOpen) throw new Error('session ended')
      this.watchAnswer(message)
      link.channel.send(message)
    }
    onMessage(listener: (message: string) => void): () => void {
      this.messageListeners.add(listener)
      return () => this.messageListeners.delete(listener)
    }
    onClose(listener: (reason: string) => void): () => void {
      this.closeListeners.add(listener)
      return () => this.closeListeners.delete(listener)
    }
    /**
     * Closed by the agent's session. After failed hellos (too many) a fresh one follows a little
     * later; after a hello deadline with nothing refused, the next message starts one at once.
     */
    close(reason = 'closed'): void {
      if (!this.end(reason) || !link.isOpen || current !== this) return
      current = null
      if (this.failedHellos === 0) return
      pausedUntil = performance.now() + restartDelayMs
      restartTimer = setTimeout(() => {
        if (link.isOpen && current === null) startSession()
      }, restartDelayMs)
    }
    deliver(message: string): void {
      for (const l of this.messageListeners) l(message)
    }
    end(reason: string): boolean {
      if (!this.open) return false
      this.open = false
      for (const l of this.closeListeners) l(reason)
      this.closeListeners.clear()
      return true
    }
    private watchAnswer(message: string): void {
      if (this.pendingHellos.size === 0) return
      const answer = parseObject(message)
      if (!answer || !this.pendingHellos.delete(answer.id)) return
      if ('result' in answer) this.authenticated = true
      else this.failedHellos++
    }
  }

  const safeSend = (message: string): void => {
    if (!link.isOpen) return
    try {
      link.channel.send(message)
    } catch {
      // The port closed while answering: nothing more to tell.
    }
  }

  const startSession = (): SessionChannel => {
    const channel = new SessionChannel()
    current = channel
    started++
    sink.attachSession(channel)
    return channel
  }

  link.channel.onMessage((message) => {
    let session = current
    const request = message.includes('"session.') ? parseObject(message) : undefined
    const method = request?.method
    let bannerShown = false
    if (session && isFreshStart(session, method)) {
      // A challenge after a lone one is the same desktop at the bench (it asked who is there, now
      // it connects): its console saw the banner already. A new authenticated client gets it again.
      bannerShown = !session.authenticated && session.heard
      session.end('a new session was opened on the serial port')
      if (current === session) current = null
      session = null
    }
    if (!session && performance.now() < pausedUntil) {
      // Retrying a refused secret at once would make the limit of three hellos a session moot.
      const asked = request ?? parseObject(message)
      const id = asked?.id
      if (asked && 'method' in asked && (typeof id === 'string' || typeof id === 'number')) {
        const error = new RpcError(
          'failed-precondition',
          'too many failed hellos on this port: try again in a second',
        )
        safeSend(JSON.stringify({ jsonrpc: '2.0', id, error: toJsonRpcError(error) }))
      }
      return
    }
    if (!session) {
      clearTimeout(restartTimer)
      session = startSession()
      session.heard = bannerShown
    }
    if (method === 'session.hello' && request && 'id' in request) session.pendingHellos.add(request.id)
    if (method === 'session.challenge') session.challenged = true
    if (!session.heard && banner) {
      // Queued on the port before the answer, whose write can only come after this.
      link.writeRaw(banner).catch(() => undefined)
    }
    session.heard = true
    session.deliver(message)
  })
  // A frame the decoder dropped is answered, never met with silence; its id is unknown: null.
  link.onDropped((reason) => {
    if (!link.isOpen) return
    try {
      link.channel.send(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: toJsonRpcError(DROP_ERRORS[reason]()) }),
      )
    } catch {
      // The port closed while answering: nothing more to tell.
    }
  })
  link.onClose((reason) => {
    clearTimeout(restartTimer)
    current?.end(reason)
    current = null
  })
  startSession()
  return { sessionsStarted: () => started }
}

/** Whether a request opens a new session instead of going to the current one (see the top). */
function isFreshStart(
  session: { authenticated: boolean; challenged: boolean; failedHellos: number; pendingHellos: Set<unknown> },
  method: unknown,
): boolean {
  if (method !== 'session.challenge' && method !== 'session.hello') return false
  if (session.authenticated) return true
  return (
    method === 'session.challenge' &&
    session.challenged &&
    session.failedHellos === 0 &&
    session.pendingHellos.size === 0
  )
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
