import type { CacheWorkerOptions } from './cacheProtocol'
import type { CacheStore } from './types'
import { WorkerCacheStore } from './WorkerCacheStore'

export interface CacheStoreOptions {
  dataDir: string
  /** Log entries kept (oldest arrivals dropped beyond it). */
  logCap?: number
  /** Snapshot this long after the last change... */
  snapshotDelayMs?: number
  /** ...and at the latest this long after the first unsaved one. */
  snapshotMaxDelayMs?: number
  /** Page size of newly created database files. */
  pageSize?: number
  /** The worker entry to start, e.g. the built out/main/cacheWorker.js from a bench; normally found by itself. */
  workerScript?: URL
}

export const DEFAULT_LOG_CAP = 200_000
/**
 * Chosen by measurement (bench/cacheBench.ts, results in the commit and docs): larger pages make
 * sql.js's export much faster and the file smaller for this schema.
 */
export const DEFAULT_PAGE_SIZE = 16_384

/** The desktop cache in `dataDir`: cache.sqlite, logs.sqlite and journal-*.log. Call open() first. */
export function createCacheStore(options: CacheStoreOptions): CacheStore & WorkerCacheStore {
  const resolved: CacheWorkerOptions = {
    dataDir: options.dataDir,
    logCap: options.logCap ?? DEFAULT_LOG_CAP,
    snapshotDelayMs: options.snapshotDelayMs ?? 1500,
    snapshotMaxDelayMs: options.snapshotMaxDelayMs ?? 10_000,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  }
  return new WorkerCacheStore(resolved, options.workerScript)
}
