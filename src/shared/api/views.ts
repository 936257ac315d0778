import type { LocationId, MachineId, OrgId, PartId, UserId, ApiKeyId, FragmentId } from '../ids'
import type { Grant, MachineStatus, RevisionMeta, Role } from '../domain/model'
import type { FieldError } from '../errors/CoreError'
import type { SyncStatus } from './syncViews'

/** The tabs of a machine page; which of them a role may see comes from the permission table. */
export type MachineTab = 'control' | 'configure' | 'logs' | 'history' | 'connect'

export interface IdentityView {
  subject: { kind: 'user'; id: UserId } | { kind: 'api-key'; id: ApiKeyId }
  name: string
  email: string | null
  grants: Grant[]
}

export interface OrgNode {
  id: OrgId
  name: string
  /** The strongest role the identity holds on the organization itself, if any. */
  role: Role | null
}

export interface LocationNode {
  id: LocationId
  orgId: OrgId
  parentId: LocationId | null
  name: string
}

export interface PartSummary {
  id: PartId
  name: string
  isMain: boolean
}

export interface MachineSummary {
  id: MachineId
  locationId: LocationId
  name: string
  status: MachineStatus
  lastSeenAt: string | null
  version: string | null
  /** Revision of the main part's config as last received from the hub. */
  revision: number
  parts: PartSummary[]
  /** Local edits of this machine's parts not yet synced. */
  pendingEdits: number
}

/** Everything the identity may see, already filtered by the core. */
export interface FleetTree {
  orgs: OrgNode[]
  locations: LocationNode[]
  machines: MachineSummary[]
}

export interface MachineCapabilities {
  tabs: MachineTab[]
  canEditConfig: boolean
  canRestart: boolean
  canRename: boolean
  canDelete: boolean
  canControl: boolean
}

export interface MachineView {
  machine: MachineSummary
  org: { id: OrgId; name: string }
  /** Root first. */
  locationPath: LocationNode[]
  capabilities: MachineCapabilities
  role: Role
}

export interface PendingEdit {
  outboxSeq: number
  partId: PartId
  baseRevision: number
  savedAt: string
  author: string
  /** Set when the hub refused the edit; the edit stays in the outbox. */
  rejection: string | null
}

export interface PartConfigView {
  partId: PartId
  /** The hub revision the cache holds for this part. */
  revision: number
  /** The config to show: the newest local edit if there is one, else the hub revision's config. */
  config: unknown
  pending: PendingEdit | null
}

/** Where a resource of the effective config comes from. */
export type ConfigSource =
  { kind: 'machine' } | { kind: 'fragment'; fragmentId: FragmentId; name: string; revision: number }

/** A component or service of the effective config, and where it comes from. */
export interface ResourceOrigin {
  name: string
  kind: 'component' | 'service'
  source: ConfigSource
}

/** A name defined by two sources: the effective config refuses it rather than pick one. */
export interface ResourceConflict {
  name: string
  sources: [ResourceOrigin, ResourceOrigin]
}

/** A fragment the machine's config lists, and what the cache holds of it. */
export interface FragmentUse {
  fragmentId: FragmentId
  /** The revision the config asks for. */
  wanted: number | 'latest'
  /** The fragment at that revision; null when the cache does not hold it. */
  found: { name: string; orgId: OrgId; revision: number } | null
}

/**
 * The config a part runs: its own (as `getPartConfig` shows it) with its fragments resolved into it
 * and their `fragment_mods` applied. Either the effective config with each resource's source, or
 * every problem (a fragment not cached, a mod that cannot apply, a name defined twice) with the two
 * sources of each clash.
 */
export interface EffectiveConfigView {
  partId: PartId
  /** The hub revision the cache holds for this part. */
  revision: number
  /** The machine's own config: the newest local edit if there is one, else the hub revision's. */
  config: unknown
  fragments: FragmentUse[]
  effective:
    | { ok: true; config: unknown; resources: ResourceOrigin[] }
    | { ok: false; errors: FieldError[]; conflicts: ResourceConflict[] }
}

export interface SaveConfigResult {
  pending: PendingEdit
  pendingCount: number
}

/** A config edit waiting in the outbox (it has a config to diff and can be discarded). */
export interface OutboxItem extends PendingEdit {
  kind: 'config'
  machineId: MachineId
  machineName: string
  partName: string
}

/** A change to the fleet itself waiting in the outbox: a new machine or part, a rename, a move. */
export interface FleetEditItem {
  kind: 'machine.create' | 'part.create' | 'machine.rename' | 'part.rename' | 'machine.move'
  outboxSeq: number
  savedAt: string
  author: string
  rejection: string | null
  machineId: MachineId
  machineName: string
  /** What it does, in words ("New machine in Lyon Lab", "Renamed from “arm-2”"). */
  summary: string
}

/** One entry of the pending list, whatever its kind. */
export type PendingItem = OutboxItem | FleetEditItem

export interface OutboxEditView {
  item: OutboxItem
  /** The whole config the edit saves (edits are whole configs, not patches). */
  config: unknown
  /** Later edits of the same part waiting too: the part's config is the newest of them. */
  laterEdits: number
}

export type Theme = 'dark' | 'light'

export interface Settings {
  theme: Theme
  /** Base URL of the fleet's hub; null until the user signs in to one. */
  hubUrl: string | null
  /** Network interface used for LAN discovery (an address such as 127.0.0.1, an interface name, or "all"). */
  discoveryInterface: string
  /** Networks WebRTC may use to reach robots: "loopback", "private", CIDRs such as 10.20.0.0/16, or "all". */
  iceNetworks: string
  /** Open a session on a newly plugged serial device that answers as a Fleetdesk agent (setSerialAutoConnect). */
  serialAutoConnect: boolean
}

export type NoticeLevel = 'info' | 'warning' | 'error'

export interface Notice {
  id: string
  level: NoticeLevel
  message: string
}

export interface AppStatus {
  /** The hub answered the last exchange (see `sync` for the details). */
  online: boolean
  lastSyncAt: string | null
  pendingCount: number
  /** Sync with the hub: connection, counts of pending, conflicted and rejected edits. */
  sync: SyncStatus
  /** True while the cache holds no fleet at all: the UI offers the demo fleet. */
  cacheEmpty: boolean
  notices: Notice[]
}

export interface HistoryView {
  partId: PartId
  revisions: RevisionMeta[]
}

export interface ValidationReport {
  valid: boolean
  errors: FieldError[]
}

/**
 * A resource of a machine as listed on the CONTROL tab. Operators may see these (they control the
 * machine) though they may not read the config they come from.
 */
export interface ComponentSummary {
  partId: PartId
  partName: string
  name: string
  /** Normalized `namespace:kind:subtype`, e.g. `rdk:component:motor`. */
  api: string
  model: string | null
  kind: 'component' | 'service'
}
