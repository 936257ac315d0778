import type {
  Fragment,
  Location,
  Machine,
  Organization,
  Part,
  RevisionSource,
} from '../../shared/domain/model'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { FragmentId, LocationId, MachineId, OrgId, PartId } from '../../shared/ids'

/**
 * One change the sync engine makes to the cached fleet, as the worker applies it. The feed planner
 * (src/main/sync/planFeedRow.ts) turns hub change rows into these; the worker applies a batch of
 * them and the feed cursor they bring the cache to in one transaction, so a snapshot never holds
 * rows without their cursor or a cursor without its rows.
 *
 * `put*` ops merge: `create` is the whole entity, used when the cache does not hold it yet;
 * `patch` holds only the fields the row changed, laid over what the cache holds. A row that
 * renames a machine the cache never had (its create row was out of reach) creates it from
 * `create` only when that is complete (`create` null: nothing to create from, the patch is dropped).
 */
export type SyncOp =
  | { op: 'putOrg'; id: OrgId; create: Organization | null; patch: Partial<Organization> }
  | { op: 'putLocation'; id: LocationId; create: Location | null; patch: Partial<Location> }
  | { op: 'putMachine'; id: MachineId; create: Machine | null; patch: Partial<Machine> }
  | {
      op: 'putPart'
      id: PartId
      create: Omit<Part, 'revision'> | null
      patch: Partial<Omit<Part, 'revision'>>
    }
  | { op: 'putFragment'; id: FragmentId; create: Fragment | null; patch: Partial<Fragment> }
  /** Adds (or, shared false, removes) an organization in a location's `sharedWith`. */
  | { op: 'shareLocation'; id: LocationId; orgId: OrgId; shared: boolean }
  /** A config revision of a part: kept in its history; the part's revision rises to it if higher. */
  | {
      op: 'putRevision'
      partId: PartId
      revision: number
      author: string
      createdAt: string
      source: RevisionSource
      config: MachineConfig
    }
  | { op: 'putFragmentRevision'; id: FragmentId; revision: number; createdAt: string; config: MachineConfig }
  /** A conflict the hub recorded for a part (open), or its resolution. */
  | { op: 'putConflict'; conflict: CachedConflict }
  | { op: 'resolveConflict'; id: string; resolvedRevision: number | null }
  /** Removals take what hangs off the resource with it (a location: its sub-locations and machines). */
  | { op: 'remove'; what: 'org' | 'location' | 'machine' | 'part' | 'fragment' | 'conflict'; id: string }
  /** The caller may no longer read this part's configs: the cached history goes, the part stays. */
  | { op: 'dropConfigs'; partId: PartId }
  /** Before a first full pull: the fleet (not the outbox, settings or logs) is emptied. */
  | { op: 'clearFleet' }

export type SyncOpKind = SyncOp['op']

/** A conflict the hub holds for a part: both values are on the hub until an owner resolves it. */
export interface CachedConflict {
  id: string
  partId: PartId
  status: 'open' | 'resolved'
  baseRevision: number
  headRevision: number
  author: string
  createdAt: string
  /** Each conflicting key, readable (`$.components[name="arm"].attributes.speed`). */
  paths: string[]
}

/** What the worker keeps for the sync engine, beside the fleet. */
export interface SyncState {
  /** The feed cursor the cached fleet is at; null before the first pull. */
  cursor: number | null
  /** This cache's client id for pushes (new with each cache file). */
  clientId: string
}
