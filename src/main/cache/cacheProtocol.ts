import type {
  ApiKey,
  Fragment,
  FragmentRevision,
  Grant,
  LogEntry,
  Package,
  Revision,
  RevisionMeta,
  User,
} from '../../shared/domain/model'
import type { FragmentId, MachineId, PartId } from '../../shared/ids'
import type { JournalSegmentInfo } from './journal/JournalWriter'
import type { StoredRevision } from './partHistory'
import type { CachedConflict, SyncOp, SyncState } from './SyncOp'
import type {
  CachedFragment,
  CachedPartConfig,
  CacheNotice,
  FleetImport,
  FleetIndex,
  FragmentWanted,
  LogQuery,
  OutboxEntry,
} from './types'

/** Messages between the main-thread proxy (WorkerCacheStore) and the cache worker. */

export interface CacheWorkerOptions {
  dataDir: string
  /** Log entries kept in the log database; older arrivals are deleted. */
  logCap: number
  /** A snapshot is written this long after the last change... */
  snapshotDelayMs: number
  /** ...but at the latest this long after the first unsaved change, even if changes keep coming. */
  snapshotMaxDelayMs: number
  /** SQLite page size for newly created database files (see bench/cacheBench.ts). */
  pageSize: number
}

export interface WorkerOpenResult {
  notices: CacheNotice[]
  replayed: number
  nextJournalSeq: number
  nextOutboxSeq: number
  /** Journal segments left on disk (their records are all applied); deleted after the next snapshot. */
  segments: JournalSegmentInfo[]
}

export interface WorkerStats {
  mainDbBytes: number
  logDbBytes: number
  lastSnapshotMs: number | null
  /** The worker isolate's own memory: JS heap, and outside it (sql.js's wasm memory and in-memory files). */
  workerHeapBytes: number
  workerExternalBytes: number
}

export type FleetImportHead = Omit<FleetImport, 'revisions'>

export type CacheRequest =
  | { type: 'open'; options: CacheWorkerOptions }
  | { type: 'close' }
  | { type: 'isEmpty' }
  | { type: 'getFleetIndex' }
  | { type: 'getUsers' }
  | { type: 'getUserByEmail'; email: string }
  | { type: 'getGrants' }
  | { type: 'getApiKeys' }
  | { type: 'getFragments' }
  | { type: 'getFragmentRevisions'; fragmentId: FragmentId }
  | { type: 'getFragmentConfigs'; wanted: FragmentWanted[] }
  | { type: 'getPackages' }
  | { type: 'getPartConfig'; partId: PartId }
  | { type: 'getHistory'; partId: PartId }
  | { type: 'getRevision'; partId: PartId; revision: number }
  | { type: 'listOutbox' }
  | { type: 'pendingCountsByMachine' }
  | { type: 'getSetting'; key: string }
  /** Journal records already durable on disk, as the JSON written there (one record per string). */
  | { type: 'apply'; records: string[] }
  | { type: 'importBegin'; head: FleetImportHead }
  /** Whole parts only: every stored revision of a part comes in one chunk, newest first. */
  | { type: 'importRevisions'; rows: StoredRevision[] }
  | { type: 'importEnd' }
  /** The main thread could not prepare the rest of the import: roll it back. */
  | { type: 'importAbort' }
  /** The sync engine's feed cursor and push client id (the id is made, and snapshotted, on first use). */
  | { type: 'syncState' }
  /** A batch of feed changes and the cursor they reach, in one transaction. */
  | { type: 'applySync'; ops: SyncOp[]; cursor: number | null }
  | { type: 'listSyncConflicts' }
  | { type: 'appendLogs'; entries: LogEntry[] }
  | { type: 'queryLogs'; query: LogQuery }
  | { type: 'snapshot' }
  | { type: 'stats' }

export type CacheRequestType = CacheRequest['type']

export interface CacheResults {
  open: WorkerOpenResult
  /** The journal seq included in the final snapshot. */
  close: { journalSeq: number }
  isEmpty: boolean
  getFleetIndex: FleetIndex
  getUsers: User[]
  getUserByEmail: User | null
  getGrants: Grant[]
  getApiKeys: ApiKey[]
  getFragments: Fragment[]
  getFragmentRevisions: FragmentRevision[]
  getFragmentConfigs: CachedFragment[]
  getPackages: Package[]
  getPartConfig: CachedPartConfig
  getHistory: RevisionMeta[]
  getRevision: Revision | null
  listOutbox: OutboxEntry[]
  pendingCountsByMachine: Map<MachineId, number>
  getSetting: unknown
  apply: void
  importBegin: void
  importRevisions: void
  importEnd: void
  importAbort: void
  syncState: SyncState
  applySync: void
  listSyncConflicts: CachedConflict[]
  appendLogs: void
  queryLogs: LogEntry[]
  /** The journal seq included in the main database's snapshot. */
  snapshot: { journalSeq: number }
  stats: WorkerStats
}

// Every request type has a result type and nothing else does (fails to compile otherwise).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _resultsCoverRequests: Exact<keyof CacheResults, CacheRequestType> = true
void _resultsCoverRequests

export type RequestOf<K extends CacheRequestType> = Extract<CacheRequest, { type: K }>

/**
 * The reads the main thread passes straight to the worker, each with its request's fields in the
 * order the CacheStore method takes them as arguments. WorkerCacheStore derives one method per
 * entry from this list, as createCoreClient derives the renderer's proxy from the contract's names;
 * a read added here is a method there, with its types, and nothing is written by hand.
 */
export const CACHE_READS = {
  isEmpty: [],
  getFleetIndex: [],
  getUsers: [],
  getUserByEmail: ['email'],
  getGrants: [],
  getApiKeys: [],
  getFragments: [],
  getFragmentRevisions: ['fragmentId'],
  getFragmentConfigs: ['wanted'],
  getPackages: [],
  getPartConfig: ['partId'],
  getHistory: ['partId'],
  getRevision: ['partId', 'revision'],
  listOutbox: [],
  pendingCountsByMachine: [],
  listSyncConflicts: [],
  queryLogs: ['query'],
} as const satisfies { [K in CacheRequestType]?: ReadonlyArray<FieldOf<K>> }

export type CacheReadName = keyof typeof CACHE_READS
type FieldOf<K extends CacheRequestType> = Exclude<keyof RequestOf<K>, 'type'>

// Every field of a read's request is one of its arguments (fails to compile otherwise).
type Unlisted = {
  [K in CacheReadName]: Exclude<FieldOf<K>, (typeof CACHE_READS)[K][number]>
}[CacheReadName]
const _everyFieldIsAnArgument: Exact<Unlisted, never> = true
void _everyFieldIsAnArgument

/** The fields of a request as positional arguments, in the order the list gives. */
type FieldsAsArgs<R, Names extends readonly unknown[]> = {
  -readonly [I in keyof Names]: R[Names[I] & keyof R]
}

/** One method per entry of CACHE_READS, typed from its request and result. */
export type CacheReads = {
  [K in CacheReadName]: (
    ...args: FieldsAsArgs<RequestOf<K>, (typeof CACHE_READS)[K]>
  ) => Promise<CacheResults[K]>
}

/** The request a derived read sends: its type, and each argument under its field's name. */
export function readRequest(type: CacheReadName, args: readonly unknown[]): CacheRequest {
  const fields: readonly string[] = CACHE_READS[type]
  const request: Record<string, unknown> = { type }
  fields.forEach((field, i) => {
    request[field] = args[i]
  })
  return request as CacheRequest
}

export interface RequestEnvelope {
  id: number
  request: CacheRequest
}

export type CacheWorkerEvent =
  | { type: 'snapshot-written'; db: 'main' | 'logs'; journalSeq: number; ms: number; bytes: number }
  | { type: 'background-error'; message: string }

export type WorkerMessage =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: { name: string; message: string } }
  | { kind: 'event'; event: CacheWorkerEvent }
