import { useCallback, useEffect, useRef, useState } from 'react'
import type { LogEntry } from '../../../shared/domain/model'
import { getCoreApi } from '../api/getCoreApi'
import { LogBuffer, type LogRow } from './LogBuffer'
import { ALL_LOGS, collectLoggers, FilteredLogs, type LogFilter } from './logFilter'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** Lines kept in memory per robot; older ones are dropped (and the UI says how many). */
export const LOG_CAPACITY = 100_000
/** Lines fetched from the log cache when the tab opens. */
export const CACHED_LOG_LIMIT = 5_000

export interface LogSnapshot {
  /** The filtered lines. The array is updated in place; a new snapshot object says it changed. */
  rows: readonly LogRow[]
  total: number
  dropped: number
}

export interface LogStream extends LogSnapshot {
  loggers: readonly string[]
  paused: boolean
  /** Lines that arrived while paused, shown when resumed. */
  waiting: number
  setPaused(paused: boolean): void
  filter: LogFilter
  setFilter(filter: LogFilter): void
  cacheError: string | null
}

/**
 * A robot's log lines for the LOGS tab (key the caller by part id: a new robot starts from nothing): the log cache's, merged with live ones as they arrive. Live
 * lines are queued and applied once per animation frame, so thousands a second cost one render per
 * frame; pausing keeps queueing (capped too) and freezes what is shown.
 */
export function useLogStream(partId: string | null): LogStream {
  const buffer = useRef(new LogBuffer(LOG_CAPACITY))
  const filtered = useRef(new FilteredLogs(ALL_LOGS, []))
  const loggerSet = useRef(new Set<string>())
  const queue = useRef<LogEntry[]>([])
  const frame = useRef<number | null>(null)
  const pausedRef = useRef(false)
  const droppedWhileQueued = useRef(0)
  const [snapshot, setSnapshot] = useState<LogSnapshot>({ rows: [], total: 0, dropped: 0 })
  const [loggers, setLoggers] = useState<readonly string[]>([])
  const [paused, setPausedState] = useState(false)
  const [waiting, setWaiting] = useState(0)
  const [filter, setFilterState] = useState<LogFilter>(ALL_LOGS)
  const [cacheError, setCacheError] = useState<string | null>(null)

  const publish = useCallback((): void => {
    setSnapshot({
      rows: filtered.current.rows,
      total: buffer.current.size,
      dropped: buffer.current.droppedTotal + droppedWhileQueued.current,
    })
  }, [])

  const flush = useCallback((): void => {
    frame.current = null
    if (pausedRef.current) {
      setWaiting(queue.current.length)
      return
    }
    const entries = queue.current
    queue.current = []
    if (entries.length === 0) return
    const result = buffer.current.add(entries)
    filtered.current.apply(result, buffer.current.rows)
    if (collectLoggers(loggerSet.current, entries)) setLoggers([...loggerSet.current].sort())
    setWaiting(0)
    publish()
  }, [publish])

  const enqueue = useCallback(
    (entries: readonly LogEntry[]): void => {
      const q = queue.current
      for (const e of entries) q.push(e)
      // Paused, or a hidden window (no animation frames): keep the newest, count what goes.
      if (q.length > LOG_CAPACITY) {
        const over = q.length - LOG_CAPACITY
        q.splice(0, over)
        droppedWhileQueued.current += over
      }
      if (frame.current === null) frame.current = requestAnimationFrame(flush)
    },
    [flush],
  )

  // Live lines, from whatever watch is running for this robot (LogsTab starts it).
  useEffect(() => {
    if (!partId) return
    return getCoreApi().on('robotLogs', (event) => {
      if (event.partId === partId) enqueue(event.entries)
    })
  }, [partId, enqueue])

  // The log cache: what earlier sessions (and the hub) brought, under the live lines.
  useEffect(() => {
    if (!partId) return
    let current = true
    getCoreApi()
      .getRobotLogs({ partId, limit: CACHED_LOG_LIMIT })
      .then(
        (entries) => {
          if (!current) return
          setCacheError(null)
          enqueue(entries)
        },
        (err: unknown) => current && setCacheError(errorMessage(err)),
      )
    return () => {
      current = false
    }
  }, [partId, enqueue])

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current)
    },
    [],
  )

  const setPaused = useCallback(
    (p: boolean): void => {
      pausedRef.current = p
      setPausedState(p)
      if (!p && frame.current === null) frame.current = requestAnimationFrame(flush)
    },
    [flush],
  )

  const setFilter = useCallback(
    (f: LogFilter): void => {
      filtered.current.setFilter(f, buffer.current.rows)
      setFilterState(f)
      publish()
    },
    [publish],
  )

  return {
    ...snapshot,
    loggers,
    paused,
    waiting,
    setPaused,
    filter,
    setFilter,
    cacheError,
  }
}
