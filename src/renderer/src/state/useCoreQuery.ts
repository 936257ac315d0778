import { useEffect, useState } from 'react'
import { notifyFailure } from '../common/notifyFailure'
import { onFleetChanged } from './coreSync'

export interface CoreQuery<T> {
  /** The last answer for the current fetcher; undefined until it arrives. */
  data: T | undefined
  error: unknown
  /** Fetch again (after a save, say). */
  reload(): void
}

interface Options {
  /** For the toast when it fails: "load the history of robot-3". Omit to handle `error` yourself. */
  what?: string
  /** Fetch again whenever the core says the fleet changed (a sync, a demo fleet). */
  refetchOnFleetChange?: boolean
}

/**
 * Reads something from the core for a component: fetches when `fetcher` changes (memoize it on its
 * inputs), ignores answers that arrive after the component moved on, and refetches on request or on
 * fleet changes. `fetcher` null means "not yet" (a tab not opened).
 */
export function useCoreQuery<T>(fetcher: (() => Promise<T>) | null, options: Options = {}): CoreQuery<T> {
  const [result, setResult] = useState<{ for: unknown; data: T | undefined; error: unknown }>({
    for: null,
    data: undefined,
    error: undefined,
  })
  const [generation, setGeneration] = useState(0)
  const { what, refetchOnFleetChange = false } = options

  useEffect(() => {
    if (!fetcher) return
    let live = true
    const run = (): void => {
      fetcher().then(
        (data) => {
          if (live) setResult({ for: fetcher, data, error: undefined })
        },
        (error: unknown) => {
          if (!live) return
          setResult((r) => ({ for: fetcher, data: r.for === fetcher ? r.data : undefined, error }))
          if (what) notifyFailure(what, error)
        },
      )
    }
    run()
    const off = refetchOnFleetChange ? onFleetChanged(run) : undefined
    return () => {
      live = false
      off?.()
    }
  }, [fetcher, generation, what, refetchOnFleetChange])

  // An answer for a previous fetcher (another machine) is never shown for the current one.
  const current = result.for === fetcher
  return {
    data: current ? result.data : undefined,
    error: current ? result.error : undefined,
    reload: () => setGeneration((g) => g + 1),
  }
}
