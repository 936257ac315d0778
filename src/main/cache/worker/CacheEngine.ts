import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import initSqlJs, { type SqlJsStatic } from 'sql.js'
import { assertNever } from '../../../shared/errors/CoreError'
import type {
  CacheRequest,
  CacheRequestType,
  CacheResults,
  CacheWorkerEvent,
  CacheWorkerOptions,
  WorkerOpenResult,
  WorkerStats,
} from '../cacheProtocol'
import { LOGS_FILE, MAIN_FILE } from '../cacheFiles'
import type { JournalRecord, JournalRecordKind } from '../JournalRecord'
import { LOG_MIGRATIONS } from '../logMigrations'
import { MIGRATIONS } from '../migrations'
import type { CacheNotice } from '../types'
import { collectGarbage } from './collectGarbage'
import { FleetStore } from './FleetStore'
import { loadDatabase } from './loadDatabase'
import { LogStore } from './LogStore'
import { moveJournalAside, readJournal } from './readJournal'
import { SnapshotScheduler } from './SnapshotScheduler'
import { SyncStore } from './SyncStore'
import type { SqlDb } from './SqlDb'
import { removeStaleTempFiles, writeFileAtomic } from './writeFileAtomic'
import { errorMessage } from '../../../shared/errors/errorMessage'

const KNOWN_RECORD_KINDS: ReadonlySet<string> = new Set<JournalRecordKind>([
  'edit',
  'setting',
  'outbox-rejected',
  'outbox-removed',
  'outbox-conflict',
  'machine-added',
])

interface OpenState {
  options: CacheWorkerOptions
  main: SqlDb
  logs: SqlDb
  fleet: FleetStore
  sync: SyncStore
  logStore: LogStore
  mainSnapshots: SnapshotScheduler
  logSnapshots: SnapshotScheduler
}

let sqlJs: Promise<SqlJsStatic> | null = null

function loadSqlJs(): Promise<SqlJsStatic> {
  // Locate the wasm next to sql.js's own files, wherever the bundler put this code.
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm')
  sqlJs ??= initSqlJs({ locateFile: () => wasm })
  return sqlJs
}

/**
 * Everything the cache does off the main thread: owns both sql.js databases, applies journal
 * records, answers queries, imports fleets and writes snapshots. Requests arrive one at a time, in
 * the order the main thread issued them.
 */
export class CacheEngine {
  private state: OpenState | null = null
  /** The last journal record applied to the main database. */
  private appliedSeq = 0
  private importing = false
  private lastSnapshotMs: number | null = null
  private mainDbBytes = 0
  private logDbBytes = 0

  constructor(private readonly emit: (event: CacheWorkerEvent) => void) {}

  async handle(request: CacheRequest): Promise<CacheResults[CacheRequestType]> {
    // Ties each case's value to the result type of its request type.
    const result = <K extends CacheRequestType>(
      _request: { type: K },
      value: CacheResults[K],
    ): CacheResults[K] => value
    if (request.type === 'open') return result(request, await this.open(request.options))
    const s = this.opened()
    switch (request.type) {
      case 'close':
        return result(request, await this.close(s))
      case 'isEmpty':
        return result(request, s.fleet.isEmpty())
      case 'getFleetIndex':
        return result(request, s.fleet.getFleetIndex())
      case 'getUsers':
        return result(request, s.fleet.getUsers())
      case 'getUserByEmail':
        return result(request, s.fleet.getUserByEmail(request.email))
      case 'getGrants':
        return result(request, s.fleet.getGrants())
      case 'getApiKeys':
        return result(request, s.fleet.getApiKeys())
      case 'getFragments':
        return result(request, s.fleet.getFragments())
      case 'getFragmentRevisions':
        return result(request, s.fleet.getFragmentRevisions(request.fragmentId))
      case 'getFragmentConfigs':
        return result(request, s.fleet.getFragmentConfigs(request.wanted))
      case 'getPackages':
        return result(request, s.fleet.getPackages())
      case 'getPartConfig':
        return result(request, s.fleet.getPartConfig(request.partId))
      case 'getHistory':
        return result(request, s.fleet.getHistory(request.partId))
      case 'getRevision':
        return result(request, s.fleet.getRevision(request.partId, request.revision))
      case 'listOutbox':
        return result(request, s.fleet.listOutbox())
      case 'pendingCountsByMachine':
        return result(request, s.fleet.pendingCountsByMachine())
      case 'getSetting':
        return result(request, s.fleet.getSetting(request.key))
      case 'apply':
        this.applyRecords(
          s,
          request.records.map((json) => JSON.parse(json) as JournalRecord),
        )
        return result(request, undefined)
      case 'importBegin':
        if (this.importing) throw new Error('A fleet import is already in progress.')
        s.main.exec('BEGIN')
        this.importing = true
        this.duringImport(s, () => s.fleet.importHead(request.head))
        return result(request, undefined)
      case 'importRevisions':
        this.duringImport(s, () => s.fleet.importRevisions(request.rows))
        return result(request, undefined)
      case 'importAbort':
        if (this.importing) s.main.rollbackQuietly()
        this.importing = false
        return result(request, undefined)
      case 'importEnd':
        this.duringImport(s, () => s.main.exec('COMMIT'))
        this.importing = false
        s.mainSnapshots.markDirty()
        await s.mainSnapshots.flush()
        return result(request, undefined)
      case 'syncState': {
        if (this.importing) throw new Error('A fleet import is in progress.')
        const { created, ...state } = s.sync.state()
        if (created) {
          // Pushes name this id: it must outlive a crash before it is ever sent.
          s.mainSnapshots.markDirty()
          await s.mainSnapshots.flush()
        }
        return result(request, state)
      }
      case 'applySync':
        if (this.importing) throw new Error('A fleet import is in progress.')
        s.sync.apply(request.ops, request.cursor)
        s.mainSnapshots.markDirty()
        return result(request, undefined)
      case 'listSyncConflicts':
        return result(request, s.sync.listConflicts())
      case 'appendLogs':
        s.logStore.append(request.entries)
        s.logSnapshots.markDirty()
        return result(request, undefined)
      case 'queryLogs':
        return result(request, s.logStore.query(request.query))
      case 'snapshot':
        await s.mainSnapshots.flush()
        await s.logSnapshots.flush()
        return result(request, { journalSeq: this.appliedSeq })
      case 'stats':
        return result(request, this.stats())
      default:
        return assertNever(request, 'cache request')
    }
  }

  private opened(): OpenState {
    if (!this.state) throw new Error('The cache is not open.')
    return this.state
  }

  private async open(options: CacheWorkerOptions): Promise<WorkerOpenResult> {
    if (this.state) throw new Error('The cache is already open.')
    const SQL = await loadSqlJs()
    const dir = options.dataDir
    await removeStaleTempFiles(dir, [MAIN_FILE, LOGS_FILE])
    const notices: CacheNotice[] = []

    const mainLoad = await loadDatabase(SQL, {
      dir,
      file: MAIN_FILE,
      label: 'cache',
      migrations: MIGRATIONS,
      pageSize: options.pageSize,
    })
    notices.push(...mainLoad.notices)
    if (mainLoad.origin === 'replaced-newer') {
      // The journal belongs to the newer database: keep it with it rather than replay it here.
      const moved = await moveJournalAside(dir, 'newer')
      if (moved.length > 0 && notices[0])
        notices[0].message += ` Its ${moved.length} journal file(s) were kept beside it.`
    }
    const logsLoad = await loadDatabase(SQL, {
      dir,
      file: LOGS_FILE,
      label: 'log database',
      migrations: LOG_MIGRATIONS,
      pageSize: options.pageSize,
    })
    notices.push(...logsLoad.notices)

    const fleet = new FleetStore(mainLoad.db)
    const onError = (err: unknown): void =>
      this.emit({ type: 'background-error', message: errorMessage(err) })
    const state: OpenState = {
      options,
      main: mainLoad.db,
      logs: logsLoad.db,
      fleet,
      sync: new SyncStore(mainLoad.db, fleet),
      logStore: new LogStore(logsLoad.db, options.logCap),
      mainSnapshots: new SnapshotScheduler(
        () => this.writeMainSnapshot(),
        options.snapshotDelayMs,
        options.snapshotMaxDelayMs,
        onError,
      ),
      logSnapshots: new SnapshotScheduler(
        () => this.writeLogSnapshot(),
        options.snapshotDelayMs,
        options.snapshotMaxDelayMs,
        onError,
      ),
    }
    this.state = state
    this.appliedSeq = Number(fleet.getMeta('journal_seq') ?? 0)
    this.mainDbBytes = await fileSize(join(dir, MAIN_FILE))
    this.logDbBytes = await fileSize(join(dir, LOGS_FILE))

    const scan = await readJournal(dir)
    notices.push(...scan.notices)
    const unknown = scan.records.filter((r) => !KNOWN_RECORD_KINDS.has(r.kind))
    if (unknown.length > 0) {
      notices.push({
        kind: 'journal-tail-truncated',
        file: join(dir, scan.segments[0]?.file ?? ''),
        message: `${unknown.length} cache journal record(s) of a kind this version does not know were skipped.`,
      })
    }
    const before = this.appliedSeq
    const replayed = this.applyRecords(
      state,
      scan.records.filter((r) => KNOWN_RECORD_KINDS.has(r.kind)),
    )
    const lastJournalSeq = scan.records.reduce((max, r) => Math.max(max, r.seq), before)

    if (mainLoad.origin !== 'loaded' || replayed > 0) state.mainSnapshots.markDirty()
    if (logsLoad.origin !== 'loaded') state.logSnapshots.markDirty()
    return {
      notices,
      replayed,
      nextJournalSeq: lastJournalSeq + 1,
      nextOutboxSeq: fleet.lastOutboxSeq() + 1,
      segments: scan.segments,
    }
  }

  /** Applies the records newer than the last applied one, in one transaction; returns how many. */
  private applyRecords(s: OpenState, records: readonly JournalRecord[]): number {
    const fresh = records.filter((r) => r.seq > this.appliedSeq).sort((a, b) => a.seq - b.seq)
    if (fresh.length === 0) return 0
    s.main.transaction(() => {
      for (const record of fresh) s.fleet.applyRecord(record)
    })
    this.appliedSeq = (fresh[fresh.length - 1] as JournalRecord).seq
    s.mainSnapshots.markDirty()
    return fresh.length
  }

  private duringImport(s: OpenState, step: () => void): void {
    if (!this.importing) throw new Error('No fleet import is in progress (an earlier step of it failed).')
    try {
      step()
    } catch (err) {
      s.main.rollbackQuietly()
      this.importing = false
      throw err
    }
  }

  private async writeMainSnapshot(): Promise<void> {
    const s = this.opened()
    if (this.importing) {
      // An export now would hold half an import; the import's end writes the snapshot.
      s.mainSnapshots.markDirty()
      return
    }
    const started = performance.now()
    const journalSeq = this.appliedSeq
    s.fleet.setMeta('journal_seq', String(journalSeq))
    const size = await exportTo(s.main, join(s.options.dataDir, MAIN_FILE))
    collectGarbage()
    const ms = performance.now() - started
    this.lastSnapshotMs = ms
    this.mainDbBytes = size
    this.emit({ type: 'snapshot-written', db: 'main', journalSeq, ms, bytes: size })
  }

  private async writeLogSnapshot(): Promise<void> {
    const s = this.opened()
    const started = performance.now()
    const size = await exportTo(s.logs, join(s.options.dataDir, LOGS_FILE))
    collectGarbage()
    this.logDbBytes = size
    this.emit({
      type: 'snapshot-written',
      db: 'logs',
      journalSeq: this.appliedSeq,
      ms: performance.now() - started,
      bytes: size,
    })
  }

  private stats(): WorkerStats {
    const memory = process.memoryUsage()
    return {
      mainDbBytes: this.mainDbBytes,
      logDbBytes: this.logDbBytes,
      lastSnapshotMs: this.lastSnapshotMs,
      workerHeapBytes: memory.heapUsed,
      workerExternalBytes: memory.external,
    }
  }

  private async close(s: OpenState): Promise<{ journalSeq: number }> {
    if (this.importing) {
      s.main.rollbackQuietly()
      this.importing = false
    }
    await s.mainSnapshots.flush()
    await s.logSnapshots.flush()
    await s.mainSnapshots.dispose()
    await s.logSnapshots.dispose()
    s.main.close()
    s.logs.close()
    this.state = null
    return { journalSeq: this.appliedSeq }
  }
}

/** Exports a database and writes it atomically; returns its size. The image is garbage on return. */
async function exportTo(db: SqlDb, path: string): Promise<number> {
  const bytes = db.export()
  await writeFileAtomic(path, bytes)
  return bytes.length
}

async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (st) => st.size,
    () => 0,
  )
}
