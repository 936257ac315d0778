import type {
  ApiKey, Fragment, FragmentRevision, Grant, Location, LogEntry, LogLevel, Machine, Organization, Part,
  Package, Revision, RevisionMeta, User,
} from '../../shared/domain/model'
import type { MachineId, PartId, UserId } from '../../shared/ids'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'

/**
 * A whole fleet as the hub (or the fixture generator) hands it to the cache in bulk.
 * `revisions` holds, per part, any number of revisions; the cache keeps the newest
 * `HISTORY_LIMIT` per part and marks the highest as the part's current hub revision.
 */
export interface FleetImport {
  orgs: Organization[]
  locations: Location[]
  machines: Machine[]
  parts: Part[]
  revisions: Revision[]
  fragments: Fragment[]
  fragmentRevisions: FragmentRevision[]
  users: User[]
  grants: Grant[]
  apiKeys: ApiKey[]
  packages: Package[]
}

/** Everything needed to draw the tree and decide access, without configs or history. */
export interface FleetIndex {
  orgs: Organization[]
  locations: Location[]
  machines: Machine[]
  parts: Part[]
}

/** A local edit waiting in the outbox for the hub. `seq` is this client's sequence number. */
export interface OutboxEntry {
  seq: number
  partId: PartId
  baseRevision: number
  config: MachineConfig
  author: string
  savedAt: string
  /** Reason the hub refused it, if it did; the entry stays until an owner acts. */
  rejection: string | null
}

export interface CachedPartConfig {
  partId: PartId
  /** Current hub revision held by the cache (0 if none). */
  revision: number
  config: MachineConfig | null
  /** The newest outbox entry for this part, if any. */
  pending: OutboxEntry | null
}

export interface LogQuery {
  partId: PartId
  /** Newest first; at most `limit` entries. */
  limit: number
  levels?: LogLevel[]
  before?: string
}

export type CacheNoticeKind = 'moved-aside' | 'newer-version' | 'journal-tail-truncated'

export interface CacheNotice {
  kind: CacheNoticeKind
  file: string
  /** Where the unreadable file was moved (never deleted). */
  movedTo?: string
  message: string
}

export interface CacheOpenReport {
  notices: CacheNotice[]
  /** Journal records replayed on top of the snapshot. */
  replayed: number
  openMs: number
}

export interface CacheStats {
  mainDbBytes: number
  logDbBytes: number
  journalBytes: number
  lastSnapshotMs: number | null
}

/**
 * The desktop's offline cache. Implemented with sql.js in a worker thread (the main event loop
 * never runs SQL or exports), a fsynced append-only journal for edits, background snapshots and a
 * separate capped log database. Every method may be called before the previous one resolved;
 * calls are applied in call order.
 */
export interface CacheStore {
  readonly dataDir: string
  open(): Promise<CacheOpenReport>
  /** Writes a final snapshot if needed and releases the worker and files. */
  close(): Promise<void>

  isEmpty(): Promise<boolean>
  getFleetIndex(): Promise<FleetIndex>
  getUsers(): Promise<User[]>
  getUserByEmail(email: string): Promise<User | null>
  getGrants(): Promise<Grant[]>
  getPartConfig(partId: PartId): Promise<CachedPartConfig>
  getHistory(partId: PartId): Promise<RevisionMeta[]>
  getRevision(partId: PartId, revision: number): Promise<Revision | null>
  listOutbox(): Promise<OutboxEntry[]>
  pendingCountsByMachine(): Promise<Map<MachineId, number>>

  /** Durable (journal fsynced) when the promise resolves. Assigns the next outbox seq. */
  saveLocalEdit(edit: { partId: PartId; baseRevision: number; config: MachineConfig; author: string }): Promise<OutboxEntry>
  /** Replaces the cached fleet wholesale (fixture, first sync). Reports progress as 0..1. */
  importFleet(data: FleetImport, onProgress?: (fraction: number) => void): Promise<void>
  getSetting<T>(key: string): Promise<T | null>
  putSetting(key: string, value: unknown): Promise<void>

  appendLogs(entries: LogEntry[]): Promise<void>
  queryLogs(query: LogQuery): Promise<LogEntry[]>

  /** Forces a snapshot now (tests, shutdown); normally they run in the background. */
  snapshot(): Promise<void>
  stats(): Promise<CacheStats>
}

export type { UserId }
