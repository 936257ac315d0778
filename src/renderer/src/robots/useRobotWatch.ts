import { useEffect, useState } from 'react'
import type { WatchTopic } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { errorMessage } from '../../../shared/errors/errorMessage'

interface WatchOptions {
  names?: readonly string[]
  intervalMs?: number
}

/**
 * Watches a topic of a robot while its session is live and the caller is mounted. It unwatches when
 * the session drops and watches again when it is back, rather than leaving the core to resubscribe:
 * one owner per watch, so a reconnect never ends up with two subscriptions feeding the same view.
 * Returns why the watch could not be set up (in the core's words), or null.
 */
export function useRobotWatch(
  partId: string | null,
  topic: WatchTopic,
  live: boolean,
  options: WatchOptions = {},
): string | null {
  const [error, setError] = useState<{ key: string; message: string } | null>(null)
  const names = options.names ? [...options.names].sort().join('\n') : null
  const { intervalMs } = options
  const key = `${partId}\n${topic}\n${live}\n${names}\n${intervalMs}`

  useEffect(() => {
    if (!partId || !live) return
    if (names === '') return // nothing to watch (no components)
    const api = getCoreApi()
    let active = true
    api
      .watchRobot({
        partId,
        topic,
        ...(names !== null ? { names: names.split('\n') } : {}),
        ...(intervalMs ? { intervalMs } : {}),
      })
      .then(
        () => active && setError(null),
        (err: unknown) => active && setError({ key, message: errorMessage(err) }),
      )
    return () => {
      active = false
      // Allowed without a live session; a failure leaves nothing behind worth reporting.
      api.unwatchRobot({ partId, topic }).catch(() => undefined)
    }
  }, [partId, topic, live, names, intervalMs, key])

  return error?.key === key ? error.message : null
}
