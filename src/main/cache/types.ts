import type {
  ApiKey,
  Fragment,
  FragmentRevision,
  Grant,
  Location,
  LogEntry,
  Machine,
  Organization,
  Part,
  Package,
  Revision,
  RevisionMeta,
  User,
} from '../../shared/domain/model'
import type { LogLevel } from '../../shared/domain/logLevel'
import type { FragmentId, MachineId, OrgId, PartId, UserId } from '../../shared/ids'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { CachedConflict, SyncOp, SyncState } from './SyncOp'
import type { ConfigOutboxEntry, OutboxEdit, OutboxEntry, OutboxMeta } from './OutboxEdit'

type ConfigEdit = Extract<OutboxEdit, { kind: 'config' }>

/** Revisions kept per part (the newest ones); older revisions are dropped on import. */
export const HISTORY_LIMIT = 20

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

export type { OutboxEdit, OutboxEntry, ConfigOutboxEntry } from './OutboxEdit'

export interface CachedPartConfig {
  partId: PartId
  /** Current hub revision held by the cache (0 if none). */
  revision: number
  config: MachineConfig | null
  /** The newest config edit of this part waiting in the outbox, if any. */
  pending: ConfigOutboxEntry | null
}

/** A fragment at one revision, as the effective config of a machine uses it. */
export interface CachedFragment {
  id: FragmentId
  orgId: OrgId
  name: string
  revision: number
  config: MachineConfig
}

/** A fragment a machine config uses: at a revision, or (null) at the newest the cache holds. */
export interface FragmentWanted {
  id: FragmentId
  revision: number | null
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
  /** Size of the main database as last exported (the snapshot file's size). */
  mainDbBytes: number
  logDbBytes: number
  journalBytes: number
  /** How long the last snapshot of the main database took (export, write, fsync, rename), in ms. */
  lastSnapshotMs: number | null
  /** The last failure of background work (a snapshot that could not be written), if any. */
  backgroundError?: string | null
  /** Memory of the cache worker: its JS heap, and what lies outside it (sql.js's wasm memory and database images). */
  workerHeapBytes?: number
  workerExternalBytes?: number
}

/**
 * The desktop's offline cache. Implemented with sql.js in a worker thread (the main event loop
 * never runs SQL or exports), a fsynced append-only journal for edits, background snapshots and a
 * separate capped log database. Every method may be called before the previous one resolved;
 * calls are applied in call order.
 */
export interface CacheStore {
  readonly dataDir: string
  /** Loads the snapshot and replays the journal. Await it before calling anything else. */
  open(): Promise<CacheOpenReport>
  /** Writes a final snapshot if needed and releases the worker and files. */
  close(): Promise<void>

  isEmpty(): Promise<boolean>
  getFleetIndex(): Promise<FleetIndex>
  getUsers(): Promise<User[]>
  getUserByEmail(email: string): Promise<User | null>
  /** Every grant, whatever its subject (users and API keys). */
  getGrants(): Promise<Grant[]>
  getApiKeys(): Promise<ApiKey[]>
  getFragments(): Promise<Fragment[]>
  /** Cached revisions of a fragment, oldest first. */
  getFragmentRevisions(fragmentId: FragmentId): Promise<FragmentRevision[]>
  /**
   * The fragments asked for, each at the revision asked for (null: the newest the cache holds).
   * Those the cache does not hold at that revision are left out.
   */
  getFragmentConfigs(wanted: FragmentWanted[]): Promise<CachedFragment[]>
  getPackages(): Promise<Package[]>
  getPartConfig(partId: PartId): Promise<CachedPartConfig>
  getHistory(partId: PartId): Promise<RevisionMeta[]>
  getRevision(partId: PartId, revision: number): Promise<Revision | null>
  /** Oldest first (by seq). */
  listOutbox(): Promise<OutboxEntry[]>
  pendingCountsByMachine(): Promise<Map<MachineId, number>>

  /** A config edit. Durable (journal fsynced) when the promise resolves. Assigns the next outbox seq. */
  saveLocalEdit(edit: Omit<ConfigEdit, 'kind'> & { author: string }): Promise<ConfigOutboxEntry>
  /**
   * Any kind of local edit; a create, rename or move also changes the cached machine or part at
   * once. Durable (journal fsynced) when the promise resolves. Assigns the next outbox seq.
   */
  saveOutboxEdit<E extends OutboxEdit>(edit: E & { author: string }): Promise<OutboxMeta & E>
  /** The hub refused the edit: it stays in the outbox with the reason. Durable when it resolves. */
  markOutboxRejected(seq: number, reason: string): Promise<void>
  /** The hub applied these edits (or an owner discarded them). Durable when it resolves. */
  removeOutboxEntries(seqs: number[]): Promise<void>
  /** The hub answered the edit with a conflict: it stays, marked, and is not pushed again. Durable when it resolves. */
  markOutboxConflict(seq: number, conflictId: string): Promise<void>
  /** The feed cursor and this cache's push client id (made on first use, durable before it is returned). */
  syncState(): Promise<SyncState>
  /**
   * Applies changes from the hub's feed and moves the cursor, in one transaction. Not journaled:
   * the cursor is saved with the rows in the next snapshot, and the feed is read again from it.
   */
  applySync(ops: SyncOp[], cursor: number | null): Promise<void>
  /** Conflicts the feed reported, open and resolved, in the order they arrived. */
  listSyncConflicts(): Promise<CachedConflict[]>
  /**
   * Adds a machine with one part (a robot found on the LAN), with the outbox entries that create
   * them on the hub, in one journal record; durable when it resolves.
   */
  addLocalMachine(input: { machine: Machine; part: Part; author: string }): Promise<OutboxEntry[]>
  /**
   * Replaces the cached fleet wholesale (fixture, first sync). Reports progress as 0..1. Durable
   * (a snapshot is written) when it resolves. The outbox and settings are kept.
   */
  importFleet(data: FleetImport, onProgress?: (fraction: number) => void): Promise<void>
  getSetting<T>(key: string): Promise<T | null>
  /** Any JSON value; null (or undefined) removes the setting. Durable when it resolves. */
  putSetting(key: string, value: unknown): Promise<void>

  /**
   * Into the capped log database (oldest arrivals dropped beyond the cap). Not journaled: entries
   * reach the disk with the next log snapshot, a second or two later.
   */
  appendLogs(entries: LogEntry[]): Promise<void>
  queryLogs(query: LogQuery): Promise<LogEntry[]>

  /** Forces a snapshot now (tests, shutdown); normally they run in the background. */
  snapshot(): Promise<void>
  stats(): Promise<CacheStats>
}

export type { UserId }
