/**
 * Sync with the fleet's hub, as the core reports it: for a later top bar (online or offline, last
 * sync, counts that open their lists) and sign-in form.
 */

/**
 * - `signed-out`: no hub credentials on this desktop;
 * - `connecting`: signed in, the first answer from the hub not yet in;
 * - `online`: the last exchange with the hub succeeded;
 * - `offline`: the hub cannot be reached (or fails); the desktop keeps working and retries;
 * - `sign-in-again`: the hub refused the stored credentials (revoked session, deleted key); edits
 *   stay in the outbox until someone signs in again.
 */
export type HubConnection = 'signed-out' | 'connecting' | 'online' | 'offline' | 'sign-in-again'

/** A pull under way: rows applied so far and the cursor reached, out of the hub's newest (if known). */
export interface SyncProgress {
  /** `full`: the first pull into an empty cache; `catch-up`: the feed from the stored cursor. */
  phase: 'full' | 'catch-up'
  rowsApplied: number
  cursor: number
  /** The hub's newest cursor as its change stream last said; null until it has. */
  target: number | null
  done: boolean
}

export interface SyncStatus {
  connection: HubConnection
  hubUrl: string | null
  /** Who the desktop is signed in as (an email, or `api-key:<id>`). */
  signedInAs: string | null
  /** The last time a pull from the hub completed. */
  lastSyncAt: string | null
  /** What went wrong last, in words, while not online. */
  lastError: string | null
  /** Edits waiting to be pushed (not rejected, not in a conflict). */
  pending: number
  /** Open conflicts on the hub for parts this desktop may see (its own edits' and others'). */
  conflicts: number
  /** Edits the hub refused; they stay in the outbox, marked, until an owner acts. */
  rejected: number
  /** The feed cursor the cache is at (null before the first pull). */
  cursor: number | null
  /** The pull under way, if any. */
  progress: SyncProgress | null
}

export const SIGNED_OUT_STATUS: SyncStatus = {
  connection: 'signed-out',
  hubUrl: null,
  signedInAs: null,
  lastSyncAt: null,
  lastError: null,
  pending: 0,
  conflicts: 0,
  rejected: 0,
  cursor: null,
  progress: null,
}
