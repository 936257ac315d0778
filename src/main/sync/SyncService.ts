import type { SyncStatus } from '../../shared/api/syncViews'
import type { CoreSync, SyncHandlers, SyncHost } from '../core/CoreSync'
import type { SecretBox } from '../secrets/SecretBox'
import { HubCredentialStore } from './HubCredentialStore'
import { SyncEngine, type SyncEngineOptions } from './SyncEngine'

export type SyncServiceOptions = SyncHost & {
  secrets: SecretBox
} & Partial<Pick<SyncEngineOptions, 'pollMs' | 'pageSize' | 'timeoutMs' | 'heartbeatMs' | 'fetch' | 'now'>>

/**
 * The sync side of the core (CoreSync): the contract's sign-in and sync methods over one
 * SyncEngine, whose status and progress become the core's `syncStatus` and `syncProgress` events.
 */
export class SyncService implements CoreSync {
  readonly handlers: SyncHandlers
  readonly engine: SyncEngine

  constructor(options: SyncServiceOptions) {
    const { cache, events } = options
    const { secrets, fleetChanged, statusChanged, ...tuning } = options
    this.engine = new SyncEngine({
      ...tuning,
      cache,
      credentials: new HubCredentialStore(cache, secrets),
      status: async (status) => {
        events.emit('syncStatus', status)
        await statusChanged()
      },
      progress: (progress) => events.emit('syncProgress', progress),
      fleetChanged,
    })
    this.handlers = {
      hubSignIn: ({ hubUrl, auth }) => this.engine.signIn(hubUrl, auth),
      hubSignOut: () => this.engine.signOut(),
      getSyncStatus: () => this.engine.status(),
      syncNow: () => this.engine.syncNow(),
    }
  }

  start(): Promise<void> {
    return this.engine.start()
  }

  stop(): Promise<void> {
    return this.engine.stop()
  }

  status(): Promise<SyncStatus> {
    return this.engine.status()
  }

  outboxChanged(): void {
    this.engine.kick()
  }
}
