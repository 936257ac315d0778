import type { WebSocket } from 'ws'
import { BRIDGE_CLOSE, type BridgeMessage, type BridgeRequest } from '../../shared/api/bridgeProtocol'
import { coreEventNames } from '../../shared/api/contract'
import { toErrorInfo, type Reply } from '../../shared/errors/CoreError'
import type { FleetCore } from '../core/FleetCore'

export interface BridgeSocketOptions {
  core: Promise<FleetCore>
  /** Told about each connection closed for a bad frame or message (one line, for the log). */
  onRejected: (message: string) => void
}

/** A request as the bridge accepts it: an object with a whole-number id and a method name. */
export function parseBridgeRequest(text: string): BridgeRequest | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { id, method, params } = value as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof method !== 'string') return null
  // The core checks the method name and the params against the contract, and answers an error.
  return { id, method: method as BridgeRequest['method'], params }
}

/**
 * Serves one bridge connection: each request is handed to the core and answered by id; core events
 * are forwarded. A bad frame or message closes this connection only, with the code that says why
 * (BRIDGE_CLOSE); nothing a client sends can end the process.
 */
export function serveBridgeSocket(ws: WebSocket, options: BridgeSocketOptions): void {
  const { core } = options
  const unsubscribe: Array<() => void> = []
  // Set on close, or once this side has refused a message: nothing after a refused one is served.
  let closed = false

  const send = (msg: BridgeMessage): void => {
    if (ws.readyState !== ws.OPEN) return
    let text: string
    try {
      text = JSON.stringify(msg)
    } catch (err) {
      // A value the core returned that JSON cannot carry: say so to the caller rather than vanish.
      if (msg.kind !== 'reply') return
      const reply: Reply<unknown> = { ok: false, error: toErrorInfo(err) }
      text = JSON.stringify({ kind: 'reply', id: msg.id, reply } satisfies BridgeMessage)
    }
    ws.send(text)
  }

  const reject = (code: number, reason: string): void => {
    closed = true
    options.onRejected(`bridge: closed a connection (${code}): ${reason}`)
    ws.close(code, reason)
  }

  // Without this listener a frame that is not UTF-8, or a message over maxPayload, raises an
  // unhandled 'error' and ends the process. ws has already sent the close frame with the code that
  // fits (1002 protocol error, 1007 invalid UTF-8, 1009 too big) when it emits the error.
  ws.on('error', (err) => options.onRejected(`bridge: closed a connection: ${err.message}`))

  void core.then(
    (c) => {
      if (closed) return
      for (const event of coreEventNames)
        unsubscribe.push(
          c.events.on(event, (payload) => send({ kind: 'event', event, payload } as BridgeMessage)),
        )
    },
    () => undefined, // a core that failed to start answers each request with the reason (below)
  )

  ws.on('message', (data, isBinary) => {
    if (closed) return
    if (isBinary) {
      reject(BRIDGE_CLOSE.unsupportedData, 'binary frames are not accepted')
      return
    }
    // ws has checked the text is valid UTF-8 (or closed with 1007), so this decodes exactly.
    const request = parseBridgeRequest(data.toString())
    if (!request) {
      reject(BRIDGE_CLOSE.invalidPayload, 'malformed request')
      return
    }
    void core
      .then(
        (c) => c.handle(request.method, request.params),
        (err: unknown): Reply<unknown> => ({ ok: false, error: toErrorInfo(err) }),
      )
      .then((reply) => send({ kind: 'reply', id: request.id, reply }))
  })

  ws.on('close', () => {
    closed = true
    for (const off of unsubscribe) off()
  })
}
