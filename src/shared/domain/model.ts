import type {
  ApiKeyId,
  FragmentId,
  GrantId,
  LocationId,
  MachineId,
  OrgId,
  PackageId,
  PartId,
  UserId,
} from '../ids'
import type { MachineConfig } from '../config/machineConfigSchema'
import type { LogLevel } from './logLevel'

/** Locations nest at most this many levels (a root location is level 1), as the seed product says. */
export const MAX_LOCATION_DEPTH = 3

export interface Organization {
  id: OrgId
  name: string
  createdAt: string
}

export interface Location {
  id: LocationId
  orgId: OrgId
  /** null for a top-level location of the organization. */
  parentId: LocationId | null
  name: string
  /** Other organizations this location is shared with. */
  sharedWith: OrgId[]
}

export type MachineStatus = 'online' | 'offline' | 'unreachable' | 'never-seen'

export interface Machine {
  id: MachineId
  locationId: LocationId
  name: string
  status: MachineStatus
  lastSeenAt: string | null
  version: string | null
}

export interface Part {
  id: PartId
  machineId: MachineId
  name: string
  /** Each machine has exactly one main part, which receives client requests. */
  isMain: boolean
  /** The revision the cache last received from the hub (0 for a part never synced). */
  revision: number
}

/** Where a revision came from; 'merged': the hub merged a pushed edit with changes made meanwhile, or an owner resolved a conflict. */
export type RevisionSource = 'hub' | 'desktop' | 'agent' | 'revert' | 'fixture' | 'merged'

export interface RevisionMeta {
  partId: PartId
  revision: number
  author: string
  createdAt: string
  source: RevisionSource
}

export interface Revision extends RevisionMeta {
  config: MachineConfig
}

export interface FragmentRevision {
  fragmentId: FragmentId
  revision: number
  config: MachineConfig
  createdAt: string
}

export interface Fragment {
  id: FragmentId
  orgId: OrgId
  name: string
  /** Public fragments may be used by any organization. */
  public: boolean
  revision: number
}

export type Role = 'owner' | 'operator'

export type GrantResource =
  | { kind: 'organization'; id: OrgId }
  | { kind: 'location'; id: LocationId }
  | { kind: 'machine'; id: MachineId }

export type Subject = { kind: 'user'; id: UserId } | { kind: 'api-key'; id: ApiKeyId }

export interface Grant {
  id: GrantId
  subject: Subject
  role: Role
  resource: GrantResource
}

export interface User {
  id: UserId
  email: string
  name: string
}

export interface ApiKey {
  id: ApiKeyId
  orgId: OrgId
  name: string
  /** scrypt hash of the secret; the secret itself is shown once and never stored. */
  secretHash: string
  createdAt: string
}

export interface LogEntry {
  partId: PartId
  time: string
  level: LogLevel
  logger: string
  message: string
  fields: Record<string, unknown>
}

export type PackageKind = 'module' | 'ml_model' | 'archive'

export interface PackageVersion {
  version: string
  sha256: string
  size: number
  createdAt: string
}

export interface Package {
  id: PackageId
  orgId: OrgId
  name: string
  kind: PackageKind
  versions: PackageVersion[]
}
