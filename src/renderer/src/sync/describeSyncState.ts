import type { HubConnection, SyncStatus } from '../../../shared/api/syncViews'

/** What the sync menu's button and header say: state in words, and the colour that goes with it. */
export interface SyncStateWords {
  label: string
  detail: string
  tone: 'good' | 'quiet' | 'warn' | 'bad'
}

const WORDS: Record<HubConnection, SyncStateWords> = {
  online: { label: 'Online', detail: 'Connected to the hub. Edits sync as you save them.', tone: 'good' },
  offline: {
    label: 'Offline',
    detail:
      'The hub cannot be reached. Everything you save is kept on this computer and synced when it is back.',
    tone: 'warn',
  },
  connecting: { label: 'Connecting…', detail: 'Waiting for the first answer from the hub.', tone: 'quiet' },
  'sign-in-again': {
    label: 'Sign in again',
    detail:
      'The hub no longer accepts this sign-in. Your edits stay on this computer until you sign in again.',
    tone: 'bad',
  },
  'signed-out': {
    label: 'Signed out',
    detail: 'Not signed in to a hub. Everything you save is kept on this computer.',
    tone: 'quiet',
  },
}

/** The sync state in words; `lastError` (already in words from the core) is added when not online. */
export function describeSyncState(status: Pick<SyncStatus, 'connection' | 'lastError'>): SyncStateWords {
  const words = WORDS[status.connection]
  if (status.connection === 'online' || !status.lastError) return words
  return { ...words, detail: `${words.detail} Last problem: ${status.lastError}` }
}

/**
 * The number on the compact top-bar button: edits that need the user (conflicts, rejected) first,
 * since those never clear on their own; otherwise what is waiting to be pushed.
 */
export function syncBadgeCount(status: Pick<SyncStatus, 'pending' | 'conflicts' | 'rejected'>): {
  count: number
  needsAttention: boolean
} {
  const attention = status.conflicts + status.rejected
  return attention > 0
    ? { count: attention, needsAttention: true }
    : { count: status.pending, needsAttention: false }
}
