import type { SyncMethodName } from '../../shared/api/channels'
import type { CoreEvents, CoreParsedParams, CoreResults } from '../../shared/api/contract'
import type { SyncStatus } from '../../shared/api/syncViews'
import type { CacheStore } from '../cache/types'
import type { Emitter } from './Emitter'

/** The sync half of the contract: one handler per sync method (their checks are in CORE_PERMISSIONS). */
export type SyncHandlers = {
  [M in SyncMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]>
}

/**
 * What the core needs of the sync side (sign-in, pull, push). Declared here and implemented in
 * src/main/sync, so the core never imports it: the composition root (app/startCore.ts) builds one
 * and hands it in, as it does the robots side.
 */
export interface CoreSync {
  readonly handlers: SyncHandlers
  /** Resumes syncing with the stored credentials, if any (from the stored cursor). */
  start(): Promise<void>
  /** Stops the loops and closes the change stream; the outbox and cursor are kept. */
  stop(): Promise<void>
  status(): Promise<SyncStatus>
  /** An edit went into the outbox (or left it): push soon. */
  outboxChanged(): void
}

/** What the core offers the sync side. */
export interface SyncHost {
  cache: CacheStore
  events: Emitter<CoreEvents>
  /** The cached fleet or identity changed: rebuild the index and the acting identity, tell windows. */
  fleetChanged(reason: string): Promise<void>
  /** Counts or connection changed: the core pushes a fresh app status. */
  statusChanged(): Promise<void>
}

export type SyncFactory = (host: SyncHost) => CoreSync
