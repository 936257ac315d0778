import { CoreError } from '../errors/CoreError'
import type { MessageChannel } from './MessageChannel'
import {
  fromJsonRpcError,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
  RpcError,
  toJsonRpcError,
  type JsonRpcErrorObject,
} from './rpcErrors'

// JSON-RPC 2.0 over one MessageChannel, symmetric: either side may send requests and
// notifications. Whatever arrives is checked before it is trusted; a malformed message is answered
// with the standard error (when it can be answered) and counted, never fatal to the session.

export type RpcId = string | number

export interface RpcCallInfo {
  /** True for a notification (no id): the handler runs, nothing is answered. */
  isNotification: boolean
}

/** Handles one incoming request or notification; a thrown CoreError becomes the error reply. */
export type RpcHandler = (method: string, params: unknown, info: RpcCallInfo) => unknown

export interface RpcTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface RpcPeerOptions {
  /** Default time a request waits for its answer before failing with `unavailable`. */
  timeoutMs?: number
  timers?: RpcTimers
}

export interface RpcPeerStats {
  /** Messages that were not JSON, not JSON-RPC 2.0, or answers to nothing we asked. */
  malformed: number
}

interface Pending {
  method: string
  resolve(value: unknown): void
  reject(err: Error): void
  timer: unknown
}

const DEFAULT_TIMEOUT_MS = 10_000

const realTimers: RpcTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

export class RpcPeer {
  readonly stats: RpcPeerStats = { malformed: 0 }
  private readonly pending = new Map<RpcId, Pending>()
  private readonly timers: RpcTimers
  private readonly timeoutMs: number
  private handler: RpcHandler = (method) => {
    throw new RpcError('not-found', `method "${method}" is not served here`, -32601)
  }
  private nextId = 1
  private closedReason: string | undefined
  private readonly closeListeners = new Set<(reason: string) => void>()

  constructor(
    private readonly channel: MessageChannel,
    options: RpcPeerOptions = {},
  ) {
    this.timers = options.timers ?? realTimers
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    channel.onMessage((message) => this.receive(message))
    channel.onClose((reason) => this.handleClose(reason))
    if (!channel.isOpen) this.handleClose('channel closed')
  }

  get isOpen(): boolean {
    return this.closedReason === undefined && this.channel.isOpen
  }

  setHandler(handler: RpcHandler): void {
    this.handler = handler
  }

  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== undefined) {
      const reason = this.closedReason
      queueMicrotask(() => listener(reason))
      return () => undefined
    }
    this.closeListeners.add(listener)
    return () => this.closeListeners.delete(listener)
  }

  /** Sends a request and resolves with its result; rejects with the peer's error as an RpcError. */
  request(method: string, params?: unknown, options: { timeoutMs?: number } = {}): Promise<unknown> {
    if (!this.isOpen) {
      return Promise.reject(new RpcError('unavailable', `session closed: ${this.closedReason ?? 'closed'}`))
    }
    const id = this.nextId++
    return new Promise<unknown>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.timeoutMs
      const timer = this.timers.setTimeout(() => {
        if (!this.pending.delete(id)) return
        reject(new RpcError('unavailable', `no answer to "${method}" within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, { method, resolve, reject, timer })
      if (!this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })) {
        this.settle(id)?.reject(new RpcError('unavailable', 'session closed while sending'))
      }
    })
  }

  /** Sends a notification (no answer). Returns false when the channel is closed. */
  notify(method: string, params?: unknown): boolean {
    if (!this.isOpen) return false
    return this.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) })
  }

  close(reason = 'closed'): void {
    this.channel.close(reason)
    this.handleClose(reason)
  }

  private send(message: object): boolean {
    try {
      this.channel.send(JSON.stringify(message))
      return true
    } catch {
      return false
    }
  }

  private receive(text: string): void {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      this.stats.malformed++
      this.sendError(null, new RpcError('invalid-argument', 'parse error: not JSON', JSONRPC_PARSE_ERROR))
      return
    }
    if (!isRecord(message)) {
      this.stats.malformed++
      const what = Array.isArray(message) ? 'batches are not supported' : 'expected a JSON object'
      this.sendError(
        null,
        new RpcError('invalid-argument', `invalid request: ${what}`, JSONRPC_INVALID_REQUEST),
      )
      return
    }
    if ('method' in message) this.receiveRequest(message)
    else this.receiveResponse(message)
  }

  private receiveRequest(message: Record<string, unknown>): void {
    const { id, method, params } = message
    const idOk = id === undefined || id === null || typeof id === 'string' || typeof id === 'number'
    const problem =
      message.jsonrpc !== '2.0'
        ? '"jsonrpc" must be "2.0"'
        : typeof method !== 'string' || method === ''
          ? '"method" must be a non-empty string'
          : !idOk
            ? '"id" must be a string, a number or null'
            : params !== undefined && (params === null || typeof params !== 'object')
              ? '"params" must be an object or an array'
              : undefined
    if (problem !== undefined || typeof method !== 'string') {
      this.stats.malformed++
      const replyId = idOk && id !== undefined ? (id as RpcId | null) : null
      this.sendError(
        replyId,
        new RpcError('invalid-argument', `invalid request: ${problem}`, JSONRPC_INVALID_REQUEST),
      )
      return
    }
    const isNotification = id === undefined
    const replyId = id as RpcId | null | undefined
    // Run the handler as a promise so a synchronous throw and a rejection are answered alike.
    Promise.resolve()
      .then(() => this.handler(method, params, { isNotification }))
      .then(
        (result) => {
          if (!isNotification) this.send({ jsonrpc: '2.0', id: replyId, result: result ?? null })
        },
        (err: unknown) => {
          if (!isNotification) this.sendError(replyId ?? null, err)
        },
      )
  }

  private receiveResponse(message: Record<string, unknown>): void {
    const { id } = message
    const valid =
      message.jsonrpc === '2.0' &&
      (typeof id === 'string' || typeof id === 'number') &&
      ('result' in message ? !('error' in message) : isErrorObject(message.error))
    const pending = valid ? this.settle(id as RpcId) : undefined
    if (!pending) {
      // An error about one of our malformed messages (id null), an answer after its timeout, or junk.
      this.stats.malformed++
      return
    }
    if ('result' in message) pending.resolve(message.result)
    else pending.reject(fromJsonRpcError(message.error as JsonRpcErrorObject))
  }

  private settle(id: RpcId): Pending | undefined {
    const pending = this.pending.get(id)
    if (!pending) return undefined
    this.pending.delete(id)
    this.timers.clearTimeout(pending.timer)
    return pending
  }

  private sendError(id: RpcId | null, err: unknown): void {
    if (this.isOpen) this.send({ jsonrpc: '2.0', id, error: toJsonRpcError(err) })
  }

  private handleClose(reason: string): void {
    if (this.closedReason !== undefined) return
    this.closedReason = reason
    for (const id of [...this.pending.keys()]) {
      const pending = this.settle(id)
      pending?.reject(
        new RpcError('unavailable', `session closed before "${pending.method}" was answered: ${reason}`),
      )
    }
    for (const listener of this.closeListeners) listener(reason)
    this.closeListeners.clear()
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  return isRecord(value) && typeof value.code === 'number' && typeof value.message === 'string'
}

/** True when `err` is an error the peer sent (or a local protocol failure) with the given code. */
export function isRpcErrorCode(err: unknown, code: CoreError['code']): boolean {
  return err instanceof CoreError && err.code === code
}
