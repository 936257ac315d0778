import type { CoreEventName, CoreMethodName } from '../../../shared/api/contract'
import type { BridgeMessage, BridgeRequest } from '../../../shared/api/bridgeProtocol'
import { CoreError } from '../../../shared/api/errors'
import type { CarrierState, CoreCarrier } from './CoreCarrier'
import { unwrapReply } from './unwrapReply'

/** What the carrier needs from a socket: the browser's WebSocket (openBrowserSocket) or a test fake. */
export interface SocketLike {
  isOpen(): boolean
  send(data: string): void
  close(): void
}

export interface SocketHandlers {
  onOpen(): void
  onMessage(data: unknown): void
  /** Called once, whether the socket failed to open or dropped later. */
  onClose(): void
}

export interface WebSocketCarrierOptions {
  url: string
  createSocket: (url: string, handlers: SocketHandlers) => SocketLike
  /** Delays between reconnect attempts grow from the first to the last value and stay there. */
  backoffMs?: readonly number[]
  setTimer?: (fn: () => void, ms: number) => unknown
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
 */
export function createWebSocketCarrier(opts: WebSocketCarrierOptions): CoreCarrier & { dispose(): void } {
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number): unknown => setTimeout(fn, ms))
  const pending = new Map<number, Pending>()
  const queued: { request: BridgeRequest; pending: Pending }[] = []
  const eventListeners = new Map<CoreEventName, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(state: CarrierState) => void>()
  let state: CarrierState = 'connecting'
  let socket: SocketLike | null = null
  let current: object | null = null
  let nextId = 1
  let attempt = 0
  let disposed = false

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
        for (const q of queued.splice(0)) send(q.request, q.pending)
      },
      onMessage: (data): void => {
        if (current === token) handleMessage(data)
      },
      onClose: (): void => {
        if (current === token) handleClose()
      },
    })
  }

  function handleClose(): void {
    socket = null
    current = null
    for (const p of pending.values()) p.reject(lostConnection())
    pending.clear()
    for (const q of queued.splice(0)) q.pending.reject(notConnected())
    if (disposed) return
    setState('disconnected')
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000
    attempt += 1
    setTimer(connect, delay)
  }

  function send(request: BridgeRequest, p: Pending): void {
    if (!socket || !socket.isOpen()) {
      p.reject(notConnected())
      return
    }
    pending.set(request.id, p)
    socket.send(JSON.stringify(request))
  }

  connect()

  return {
    invoke(method: CoreMethodName, params: unknown): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const request: BridgeRequest = { id: nextId++, method, params }
        const p = { resolve, reject }
        if (state === 'connecting') queued.push({ request, pending: p })
        else send(request, p)
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
