import type { Queryable } from '../db/Db'
import { pruneAllLogs } from './logStore'

export interface RetentionJob {
  /** Runs one pass now (tests, and the first pass after start). */
  runOnce(): Promise<number>
  stop(): void
}

/** Hourly: the bound is a storage bound, not a promise to the second. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000

/**
 * Prunes every organization's logs to its bound every `intervalMs`. Passes never overlap; a failed
 * pass is reported and the next one tries again. The timer is unref'd so it never holds a process
 * open. With several hub processes each runs it; the deletes are idempotent.
 */
export function startRetentionJob(
  db: Queryable,
  options: { intervalMs?: number; onError?: (err: unknown) => void; now?: () => Date } = {},
): RetentionJob {
  const intervalMs = options.intervalMs ?? RETENTION_INTERVAL_MS
  const now = options.now ?? ((): Date => new Date())
  let running: Promise<number> | null = null
  let stopped = false
  const runOnce = (): Promise<number> => {
    running ??= pruneAllLogs(db, now()).finally(() => {
      running = null
    })
    return running
  }
  const timer = setInterval(() => {
    if (stopped) return
    runOnce().catch((err: unknown) => options.onError?.(err))
  }, intervalMs)
  timer.unref()
  return {
    runOnce,
    stop(): void {
      stopped = true
      clearInterval(timer)
    },
  }
}
