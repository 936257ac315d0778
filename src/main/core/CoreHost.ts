import type { Identity } from '../../shared/access/can'
import type { CoreEvents } from '../../shared/api/contract'
import type { AppStatus } from '../../shared/api/views'
import type { User } from '../../shared/domain/model'
import type { CacheStore } from '../cache/types'
import type { Emitter } from './Emitter'
import type { FleetAccess } from './FleetAccess'

/** Who the desktop acts as: the identity `can()` checks, and the cached user behind it (none: a guest). */
export type ActingIdentity = Identity & {
  user: User | null
  /** How the hub names the subject (an email, `api-key:<id>`), when signed in to one. */
  label?: string
}

/** What the handlers share of the core: the cache, its events, the acting identity and the fleet index. */
export interface CoreHost {
  readonly cache: CacheStore
  readonly events: Emitter<CoreEvents>
  identity(): ActingIdentity
  access(): FleetAccess
  status(): Promise<AppStatus>
  /** Tells every window the status changed. */
  emitStatus(): Promise<void>
  /** An edit went into the outbox: the status is pushed and the sync side pushes the edit soon. */
  outboxChanged(): Promise<void>
  /** The cached fleet changed: rebuilds the fleet index and the acting identity. */
  reload(): Promise<void>
}
