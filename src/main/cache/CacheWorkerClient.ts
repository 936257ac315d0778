import { Worker } from 'node:worker_threads'
import type {
  CacheRequestType,
  CacheResults,
  CacheWorkerEvent,
  RequestEnvelope,
  RequestOf,
  WorkerMessage,
} from './cacheProtocol'
import { asError } from '../../shared/errors/errorMessage'

export type Step = () => void | Promise<void>

interface PendingReply {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

/**
 * The main thread's line to the cache worker: numbers requests, posts them in call order through
 * one queue and matches the replies. A step in the queue may hold back the ones after it (a
 * journal write that must be durable before its record is posted), which is how a read issued
 * after a save is posted after it and sees it.
 */
export class CacheWorkerClient {
  private worker: Worker | null = null
  private readonly pending = new Map<number, PendingReply>()
  private nextRequestId = 1
  private readonly outgoing: Step[] = []
  private pumping = false
  private pumpDone: Promise<void> = Promise.resolve()
  private failure: Error | null = null
  private terminated = false

  constructor(private readonly onEvent: (event: CacheWorkerEvent) => void) {}

  start(url: URL): void {
    const worker = new Worker(url, { execArgv: [], name: 'fleetdesk-cache' })
    this.worker = worker
    worker.on('message', (message: WorkerMessage) => this.onMessage(message))
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', (code) => {
      if (!this.terminated) this.fail(new Error(`The cache worker stopped unexpectedly (exit code ${code}).`))
    })
    // Referenced only while a request is outstanding (see post), so a forgotten close() never
    // keeps the process alive.
    worker.unref()
  }

  /** A request posted in call order. */
  call<K extends CacheRequestType>(request: RequestOf<K>): Promise<CacheResults[K]> {
    return new Promise<CacheResults[K]>((resolve, reject) =>
      this.enqueue(() => this.post(request, resolve, reject)),
    )
  }

  enqueue(step: Step): void {
    this.outgoing.push(step)
    if (this.pumping) return
    this.pumping = true
    this.pumpDone = this.pump()
  }

  /** Posts at once (from inside a queued step, where the order is already kept). */
  post<K extends CacheRequestType>(
    request: RequestOf<K>,
    resolve: (value: CacheResults[K]) => void,
    reject: (err: Error) => void,
  ): void {
    const worker = this.worker
    if (this.failure || !worker) {
      reject(this.failure ?? new Error('The cache is closed.'))
      return
    }
    const id = this.nextRequestId++
    this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
    if (this.pending.size === 1) worker.ref()
    try {
      worker.postMessage({ id, request } satisfies RequestEnvelope)
    } catch (err) {
      this.settle(id)
      reject(asError(err))
    }
  }

  /** Resolves when every queued step has run. */
  drained(): Promise<void> {
    return this.pumpDone
  }

  /** Stops the worker at once; outstanding requests fail with `reason`, if given. */
  async terminate(reason?: Error): Promise<void> {
    this.terminated = true
    await this.worker?.terminate()
    this.worker = null
    if (reason) this.rejectAll(reason)
  }

  /** Runs queued steps in order; a step that returns a promise holds back the ones after it. */
  private async pump(): Promise<void> {
    try {
      while (this.outgoing.length > 0) {
        const step = this.outgoing.shift() as Step
        const pending = step()
        if (pending) await pending.catch(() => undefined)
      }
    } finally {
      this.pumping = false
    }
  }

  private settle(id: number): PendingReply | undefined {
    const reply = this.pending.get(id)
    this.pending.delete(id)
    if (this.pending.size === 0) this.worker?.unref()
    return reply
  }

  private onMessage(message: WorkerMessage): void {
    if (message.kind === 'event') {
      this.onEvent(message.event)
      return
    }
    const reply = this.settle(message.id)
    if (!reply) return
    if (message.ok) reply.resolve(message.value)
    else reply.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
  }

  private fail(err: Error): void {
    this.failure ??= err
    this.rejectAll(err)
  }

  private rejectAll(err: Error): void {
    const replies = [...this.pending.values()]
    this.pending.clear()
    for (const reply of replies) reply.reject(err)
  }
}
