import { describe, expect, it } from 'vitest'
import { describeSyncState, syncBadgeCount } from '../../../src/renderer/src/sync/describeSyncState'

describe('describeSyncState', () => {
  it('puts every connection in words', () => {
    expect(describeSyncState({ connection: 'online', lastError: null }).label).toBe('Online')
    expect(describeSyncState({ connection: 'offline', lastError: null }).label).toBe('Offline')
    expect(describeSyncState({ connection: 'connecting', lastError: null }).label).toBe('Connecting…')
    expect(describeSyncState({ connection: 'sign-in-again', lastError: null }).label).toBe('Sign in again')
    expect(describeSyncState({ connection: 'signed-out', lastError: null }).label).toBe('Signed out')
  })

  it('adds the last problem when not online, and never when online', () => {
    expect(describeSyncState({ connection: 'offline', lastError: 'No route to hub.' }).detail).toContain(
      'No route to hub.',
    )
    expect(describeSyncState({ connection: 'online', lastError: 'old' }).detail).not.toContain('old')
  })
})

describe('syncBadgeCount', () => {
  it('shows what needs the user first, else what is pending', () => {
    expect(syncBadgeCount({ pending: 4, conflicts: 1, rejected: 2 })).toEqual({
      count: 3,
      needsAttention: true,
    })
    expect(syncBadgeCount({ pending: 4, conflicts: 0, rejected: 0 })).toEqual({
      count: 4,
      needsAttention: false,
    })
  })
})
