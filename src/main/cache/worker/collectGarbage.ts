import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let gc: (() => void) | null | undefined

/**
 * A full garbage collection of the worker's isolate. Each snapshot leaves an export buffer the size
 * of the database (50 MB for 10,000 machines) that V8 frees only when external-memory pressure
 * builds up, which held 60-90 MB of dead buffers in the worker and pushed resident memory past
 * 400 MB. Collecting right after a snapshot costs a few milliseconds of the worker's time (its JS
 * heap is a few MB), never the main thread's. `--expose-gc` cannot be passed to a Worker, so it is
 * switched on here; if that ever fails, collection is left to V8.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('gc') as () => void
    } catch {
      gc = null
    }
  }
  gc?.()
}
