import type { CoreEventName, CoreMethodName } from '../../../shared/api/contract'
import {
  BRIDGE_CLOSE,
  BRIDGE_MAX_MESSAGE_BYTES,
  utf8ByteLength,
  type BridgeMessage,
  type BridgeRequest,
} from '../../../shared/api/bridgeProtocol'
import { CoreError } from '../../../shared/errors/CoreError'
import { refusalForClose } from './bridgeRefusal'
import type { CarrierState, CoreCarrier } from './CoreCarrier'
import { unwrapReply } from './unwrapReply'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** What the carrier needs from a socket: the browser's WebSocket (openBrowserSocket) or a test fake. */
export interface SocketLike {
  isOpen(): boolean
  send(data: string): void
  close(): void
}

/** How a socket ended: the close code and reason, when the other side sent one. */
export interface SocketClose {
  code?: number
  reason?: string
}

export interface SocketHandlers {
  onOpen(): void
  onMessage(data: unknown): void
  /** Called once, whether the socket failed to open or dropped later. */
  onClose(info?: SocketClose): void
}

export interface WebSocketCarrierOptions {
  url: string
  createSocket: (url: string, handlers: SocketHandlers) => SocketLike
  /** Delays between reconnect attempts grow from the first to the last value and stay there. */
  backoffMs?: readonly number[]
  setTimer?: (fn: () => void, ms: number) => unknown
  /** The server's message limit; BRIDGE_MAX_MESSAGE_BYTES unless a test wants a smaller one. */
  maxMessageBytes?: number
}

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 4000, 8000]

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

function lostConnection(): CoreError {
  // Only the fact: what to do about it is added where the failure is shown (describeFailure).
  return new CoreError('unavailable', 'The connection to the Fleetdesk core was lost before it answered.')
}

function notConnected(): CoreError {
  return new CoreError('unavailable', 'The Fleetdesk core is not reachable right now.')
}

function closedForSize(limit: number): CoreError {
  return new CoreError(
    'invalid-argument',
    `The Fleetdesk core closed the connection: a message was larger than the ${formatMb(limit)} MB it accepts.`,
  )
}

/** Megabytes for messages: whole when whole ("32"), else with one decimal ("40.3"). */
function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1)
}

function hasConfig(params: unknown): boolean {
  return typeof params === 'object' && params !== null && 'config' in params
}

/**
 * The request as the text to send, or the error that keeps it from being sent: a value JSON cannot
 * carry (nested too deep to serialize), or a message over the server's limit, which the server would
 * answer by closing the connection with every other call in flight.
 */
function encodeRequest(request: BridgeRequest, limit: number): string | CoreError {
  let text: string
  try {
    text = JSON.stringify(request)
  } catch (err) {
    const reason = errorMessage(err)
    return new CoreError('invalid-argument', `This request cannot be sent to the Fleetdesk core: ${reason}.`)
  }
  // Every UTF-16 unit is at most 3 UTF-8 bytes: only a text near the limit needs counting.
  if (text.length * 3 <= limit) return text
  const bytes = utf8ByteLength(text)
  if (bytes <= limit) return text
  const what = hasConfig(request.params) ? 'config' : 'request'
  return new CoreError(
    'invalid-argument',
    `This ${what} is ${formatMb(bytes)} MB; the limit is ${formatMb(limit)} MB. Nothing was sent: make it smaller and try again.`,
  )
}

function parseMessage(data: unknown): BridgeMessage | null {
  if (typeof data !== 'string') return null
  try {
    const msg: unknown = JSON.parse(data)
    if (typeof msg !== 'object' || msg === null || !('kind' in msg)) return null
    return msg as BridgeMessage
  } catch {
    return null
  }
}

/**
 * Browser mode: the contract over one WebSocket. Calls made before the first connection wait for it;
 * calls made while the socket is down fail at once (the user gets a toast, not a hang); calls in
 * flight when it drops are rejected, never retried, since the core may already have applied them.
 * A server that closes with a token refusal (BRIDGE_CLOSE) is not retried: the state becomes
 * `refused` and every call fails with what the user must do.
 */
export function createWebSocketCarrier(opts: WebSocketCarrierOptions): CoreCarrier & { dispose(): void } {
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number): unknown => setTimeout(fn, ms))
  const pending = new Map<number, Pending>()
  const queued: { id: number; text: string; pending: Pending }[] = []
  const limit = opts.maxMessageBytes ?? BRIDGE_MAX_MESSAGE_BYTES
  const eventListeners = new Map<CoreEventName, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: CarrierState) => void>()
  let state: CarrierState = 'connecting'
  let socket: SocketLike | null = null
  let current: object | null = null
  let nextId = 1
  let attempt = 0
  let disposed = false
  let refusal: string | null = null

  function setState(next: CarrierState): void {
    if (next === state) return
    state = next
    for (const l of [...stateListeners]) l(next)
  }

  function handleMessage(data: unknown): void {
    const msg = parseMessage(data)
    if (!msg) return
    if (msg.kind === 'reply') {
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      try {
        p.resolve(unwrapReply(msg.reply))
      } catch (err) {
        p.reject(err)
      }
      return
    }
    const listeners = eventListeners.get(msg.event)
    if (listeners) for (const l of [...listeners]) l(msg.payload)
  }

  function connect(): void {
    if (disposed) return
    // Each socket gets its own token so that a late event from an old socket is ignored.
    const token = {}
    current = token
    socket = opts.createSocket(opts.url, {
      onOpen: (): void => {
        if (current !== token) return
        attempt = 0
        setState('open')
        for (const q of queued.splice(0)) send(q.id, q.text, q.pending)
      },
      onMessage: (data): void => {
        if (current === token) handleMessage(data)
      },
      onClose: (info): void => {
        if (current === token) handleClose(info ?? {})
      },
    })
  }

  function handleClose(info: SocketClose): void {
    socket = null
    current = null
    refusal = refusalForClose(info.code)
    const lost = (): CoreError =>
      refusal !== null
        ? refusedError()
        : info.code === BRIDGE_CLOSE.messageTooBig
          ? closedForSize(limit)
          : lostConnection()
    for (const p of pending.values()) p.reject(lost())
    pending.clear()
    for (const q of queued.splice(0)) q.pending.reject(refusal !== null ? refusedError() : notConnected())
    if (disposed) return
    if (refusal !== null) {
      // The server is up and said no; asking again with the same token gets the same answer.
      setState('refused')
      return
    }
    setState('disconnected')
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000
    attempt += 1
    setTimer(connect, delay)
  }

  function refusedError(): CoreError {
    return new CoreError('unauthenticated', refusal ?? 'The Fleetdesk core refused this page.')
  }

  function send(id: number, text: string, p: Pending): void {
    if (!socket || !socket.isOpen()) {
      p.reject(notConnected())
      return
    }
    pending.set(id, p)
    socket.send(text)
  }

  connect()

  return {
    invoke(method: CoreMethodName, params: unknown): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const request: BridgeRequest = { id: nextId++, method, params }
        const p = { resolve, reject }
        if (state === 'refused') {
          reject(refusedError())
          return
        }
        const text = encodeRequest(request, limit)
        if (text instanceof CoreError) {
          reject(text)
          return
        }
        if (state === 'connecting') queued.push({ id: request.id, text, pending: p })
        else send(request.id, text, p)
      })
    },
    on(event: CoreEventName, listener: (payload: unknown) => void): () => void {
      let set = eventListeners.get(event)
      if (!set) {
        set = new Set()
        eventListeners.set(event, set)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },
    state: () => state,
    refusal: () => (state === 'refused' ? refusal : null),
    onStateChange(listener: (state: CarrierState) => void): () => void {
      stateListeners.add(listener)
      return () => {
        stateListeners.delete(listener)
      }
    },
    dispose(): void {
      disposed = true
      socket?.close()
    },
  }
}
