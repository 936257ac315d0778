import { parentPort } from 'node:worker_threads'
import type { CacheWorkerEvent, RequestEnvelope, WorkerMessage } from '../cacheProtocol'
import { CacheEngine } from './CacheEngine'

/**
 * Worker-thread entry of the cache (built as out/main/cacheWorker.js). All SQL and every snapshot
 * export runs here, so the main event loop never stalls on them. Requests are handled strictly one
 * after another, in arrival order.
 */
const port = parentPort
if (!port) throw new Error('cacheWorker must run in a worker thread.')

const post = (message: WorkerMessage): void => port.postMessage(message)
const engine = new CacheEngine((event: CacheWorkerEvent) => post({ kind: 'event', event }))

let queue: Promise<void> = Promise.resolve()
port.on('message', (envelope: RequestEnvelope) => {
  queue = queue.then(async () => {
    try {
      const value = await engine.handle(envelope.request)
      post({ kind: 'reply', id: envelope.id, ok: true, value })
    } catch (err) {
      const error =
        err instanceof Error
          ? { name: err.name, message: err.message }
          : { name: 'Error', message: String(err) }
      post({ kind: 'reply', id: envelope.id, ok: false, error })
    }
  })
})
