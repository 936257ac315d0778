import { mkdir } from 'node:fs/promises'
import type { LogEntry, Machine, Part, Revision } from '../../shared/domain/model'
import {
  CACHE_READS,
  readRequest,
  type CacheReadName,
  type CacheReads,
  type CacheRequestType,
  type CacheResults,
  type CacheWorkerEvent,
  type CacheWorkerOptions,
  type RequestOf,
} from './cacheProtocol'
import { cacheWorkerScript } from './cacheWorkerScript'
import { CacheWorkerClient } from './CacheWorkerClient'
import type { JournalRecord } from './JournalRecord'
import { JournalWriter } from './journal/JournalWriter'
import { encodeHistory, groupRevisionsByPart, type StoredRevision } from './partHistory'
import type { ConfigOutboxEntry, OutboxEdit, OutboxEntry, OutboxMeta } from './OutboxEdit'
import type { CacheOpenReport, CacheStats, CacheStore, FleetImport } from './types'
import type { SyncOp, SyncState } from './SyncOp'
import { asError } from '../../shared/errors/errorMessage'

/** Revisions per import message: big enough to amortize messaging, small enough to encode in ~10 ms. */
const IMPORT_CHUNK_REVISIONS = 2000
const LOG_CHUNK_ENTRIES = 20_000

/**
 * The main-thread side of the cache: a thin proxy over the cache worker. Durable mutations are
 * first appended to the journal here (async fs, fdatasync) and only then handed to the worker, so a
 * save never waits for the worker, and a read issued after a save is posted after it and sees it.
 * The plain reads are not written here at all: one method per entry of CACHE_READS is derived
 * below (see `WorkerCacheStore`).
 */
class WorkerCacheStoreBase {
  readonly dataDir: string
  private phase: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new'
  private readonly worker = new CacheWorkerClient((event) => this.onEvent(event))
  private journal: JournalWriter | null = null
  private nextJournalSeq = 1
  private nextOutboxSeq = 1
  private backgroundError: string | null = null
  private closing: Promise<void> | null = null
  private snapshots = 0

  static {
    for (const type of Object.keys(CACHE_READS) as CacheReadName[]) {
      Object.defineProperty(this.prototype, type, {
        value: function (this: WorkerCacheStoreBase, ...args: unknown[]): Promise<unknown> {
          return this.call(readRequest(type, args) as RequestOf<typeof type>)
        },
        writable: true,
        configurable: true,
      })
    }
  }

  constructor(
    private readonly options: CacheWorkerOptions,
    /** The worker entry; by default found next to this module (see cacheWorkerScript). */
    private readonly workerUrl?: URL,
  ) {
    this.dataDir = options.dataDir
  }

  /** Snapshots of the main database written since open (benches, tests). */
  get snapshotsWritten(): number {
    return this.snapshots
  }

  async open(): Promise<CacheOpenReport> {
    if (this.phase !== 'new') throw new Error('The cache store was already opened; create a new one.')
    this.phase = 'opening'
    const started = performance.now()
    try {
      await mkdir(this.dataDir, { recursive: true })
      this.worker.start(this.workerUrl ?? cacheWorkerScript().url)
      const opened = await this.call({ type: 'open', options: this.options })
      this.journal = new JournalWriter(this.dataDir, opened.segments)
      this.nextJournalSeq = opened.nextJournalSeq
      this.nextOutboxSeq = opened.nextOutboxSeq
      this.phase = 'open'
      return { notices: opened.notices, replayed: opened.replayed, openMs: performance.now() - started }
    } catch (err) {
      this.phase = 'closed'
      await this.worker.terminate()
      throw err
    }
  }

  async close(): Promise<void> {
    if (this.phase === 'new' || this.phase === 'closed') {
      this.phase = 'closed'
      return
    }
    if (this.phase === 'opening') throw new Error('Wait for open() before closing the cache.')
    this.closing ??= this.shutDown()
    return this.closing
  }

  /**
   * Stops as a crash would: the worker is terminated at once, with no final snapshot, and the
   * journal file is closed. For tests of journal replay.
   */
  async crash(): Promise<void> {
    this.phase = 'closed'
    await this.worker.terminate(new Error('The cache was stopped.'))
    await this.journal?.abandon()
  }

  saveLocalEdit(edit: Parameters<CacheStore['saveLocalEdit']>[0]): Promise<ConfigOutboxEntry> {
    return this.saveOutboxEdit({ ...edit, kind: 'config' })
  }

  async saveOutboxEdit<E extends OutboxEdit>(edit: E & { author: string }): Promise<OutboxMeta & E> {
    this.assertOpen()
    const entry = this.newEntry(edit)
    const json = await this.journaled({ kind: 'edit', seq: this.nextJournalSeq++, entry })
    // A copy of what was written: the caller's config object may change after this call.
    return (JSON.parse(json) as { entry: OutboxMeta & E }).entry
  }

  /** The next outbox seq, assigned in call order (the journal is written in that order too). */
  private newEntry<E extends OutboxEdit>(edit: E & { author: string }): OutboxMeta & E {
    return { ...edit, seq: this.nextOutboxSeq++, savedAt: new Date().toISOString(), rejection: null }
  }

  async markOutboxRejected(seq: number, reason: string): Promise<void> {
    this.assertOpen()
    await this.journaled({ kind: 'outbox-rejected', seq: this.nextJournalSeq++, outboxSeq: seq, reason })
  }

  async markOutboxConflict(seq: number, conflictId: string): Promise<void> {
    this.assertOpen()
    await this.journaled({ kind: 'outbox-conflict', seq: this.nextJournalSeq++, outboxSeq: seq, conflictId })
  }

  syncState(): Promise<SyncState> {
    return this.call({ type: 'syncState' })
  }

  applySync(ops: SyncOp[], cursor: number | null): Promise<void> {
    return this.call({ type: 'applySync', ops, cursor })
  }

  async removeOutboxEntries(seqs: number[]): Promise<void> {
    this.assertOpen()
    if (seqs.length === 0) return
    await this.journaled({ kind: 'outbox-removed', seq: this.nextJournalSeq++, outboxSeqs: [...seqs] })
  }

  async addLocalMachine(input: { machine: Machine; part: Part; author: string }): Promise<OutboxEntry[]> {
    this.assertOpen()
    const { machine, part, author } = input
    const outbox: OutboxEntry[] = [
      this.newEntry({
        kind: 'machine.create',
        machineId: machine.id,
        locationId: machine.locationId,
        name: machine.name,
        author,
      }),
      this.newEntry({
        kind: 'part.create',
        partId: part.id,
        machineId: machine.id,
        name: part.name,
        main: part.isMain,
        author,
      }),
    ]
    await this.journaled({ kind: 'machine-added', seq: this.nextJournalSeq++, machine, part, outbox })
    return outbox
  }

  async getSetting<T>(key: string): Promise<T | null> {
    return (await this.call({ type: 'getSetting', key })) as T | null
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    this.assertOpen()
    await this.journaled({ kind: 'setting', seq: this.nextJournalSeq++, key, value: value ?? null })
  }

  importFleet(data: FleetImport, onProgress?: (fraction: number) => void): Promise<void> {
    this.assertOpen()
    const { revisions, ...head } = data
    const parts = groupRevisionsByPart(revisions)
    const total = Math.max(
      1,
      parts.reduce((sum, p) => sum + p.length, 0),
    )
    let done = 0
    const progressed = (count: number): void => {
      done += count
      try {
        onProgress?.(Math.min(1, done / (total + 2)))
      } catch {
        // A failing progress display must not fail the import.
      }
    }
    return new Promise<void>((resolve, reject) => {
      this.worker.enqueue(async () => {
        let failure: Error | null = null
        const send = <K extends CacheRequestType>(request: RequestOf<K>, weight: number): Promise<void> =>
          new Promise<CacheResults[K]>((res, rej) => this.worker.post(request, res, rej)).then(
            () => progressed(weight),
            (err: Error) => {
              failure ??= err
            },
          )
        // Two messages in flight: the worker stores one chunk while the next one is encoded here.
        const inFlight: Array<Promise<void>> = [send({ type: 'importBegin', head }, 1)]
        let next = 0
        while (next < parts.length && !failure) {
          // Encoding (diffing each revision against the next newer) happens here, on the main
          // thread, in slices of about 2000 revisions with a yield between them: it costs less than
          // cloning whole configs over to the worker, and the event loop keeps turning.
          let rows: StoredRevision[] = []
          try {
            while (next < parts.length && rows.length < IMPORT_CHUNK_REVISIONS)
              rows = rows.concat(encodeHistory(parts[next++] as Revision[]))
          } catch (err) {
            failure ??= asError(err)
            break
          }
          if (inFlight.length >= 2) await inFlight.shift()
          if (failure) break
          inFlight.push(send({ type: 'importRevisions', rows }, rows.length))
          await new Promise((r) => setImmediate(r))
        }
        if (failure) {
          this.worker.post(
            { type: 'importAbort' },
            () => undefined,
            () => undefined,
          )
          void Promise.all(inFlight).then(() => reject(failure))
          return
        }
        const end = send({ type: 'importEnd' }, 1)
        void Promise.all([...inFlight, end]).then(() => (failure ? reject(failure) : resolve()))
      })
    })
  }

  async appendLogs(entries: LogEntry[]): Promise<void> {
    this.assertOpen()
    if (entries.length === 0) return
    const replies: Array<Promise<void>> = []
    await new Promise<void>((posted) => {
      this.worker.enqueue(async () => {
        for (let i = 0; i < entries.length; i += LOG_CHUNK_ENTRIES) {
          // Let the event loop breathe between chunks: cloning a chunk takes a few milliseconds.
          if (i > 0) await new Promise((r) => setImmediate(r))
          replies.push(
            new Promise((res, rej) =>
              this.worker.post(
                { type: 'appendLogs', entries: entries.slice(i, i + LOG_CHUNK_ENTRIES) },
                res,
                rej,
              ),
            ),
          )
        }
        posted()
      })
    })
    await Promise.all(replies)
  }

  async snapshot(): Promise<void> {
    const { journalSeq } = await this.call({ type: 'snapshot' })
    await this.journal?.pruneThrough(journalSeq)
  }

  async stats(): Promise<CacheStats> {
    const worker = await this.call({ type: 'stats' })
    return { ...worker, journalBytes: this.journal?.totalBytes() ?? 0, backgroundError: this.backgroundError }
  }

  // --- plumbing ---

  private assertOpen(): void {
    if (this.phase === 'open') return
    throw new Error(
      this.phase === 'new' || this.phase === 'opening'
        ? 'The cache is not open yet (await open() first).'
        : 'The cache is closed.',
    )
  }

  /** A request in call order; rejects at once if the store is not open. */
  private call<K extends CacheRequestType>(request: RequestOf<K>): Promise<CacheResults[K]> {
    if (request.type !== 'open') {
      try {
        this.assertOpen()
      } catch (err) {
        return Promise.reject(err as Error)
      }
    }
    return this.worker.call(request)
  }

  /**
   * Appends the record to the journal and, once it is durable, queues it for the worker; resolves
   * (with the record's JSON) when durable. Everything queued after it is posted after it.
   */
  private journaled(record: JournalRecord): Promise<string> {
    const json = JSON.stringify(record)
    const journal = this.journal as JournalWriter
    const durable = journal.append(record.seq, json)
    this.worker.enqueue(async () => {
      try {
        await durable
      } catch {
        return // Not on disk, so never applied: the caller gets the error.
      }
      this.worker.post(
        { type: 'apply', records: [json] },
        () => undefined,
        (err) => {
          this.backgroundError = `A saved change could not be applied to the cache (it is kept in the journal and applied at the next start): ${err.message}`
        },
      )
    })
    return durable.then(() => json)
  }

  private onEvent(event: CacheWorkerEvent): void {
    switch (event.type) {
      case 'snapshot-written':
        if (event.db === 'main') {
          this.snapshots++
          void this.journal?.pruneThrough(event.journalSeq)
        }
        return
      case 'background-error':
        this.backgroundError = event.message
        return
    }
  }

  private async shutDown(): Promise<void> {
    this.phase = 'closing'
    let failure: unknown = null
    try {
      const { journalSeq } = await this.worker.call({ type: 'close' })
      await this.journal?.pruneThrough(journalSeq)
    } catch (err) {
      failure = err
    }
    await this.worker.drained()
    await this.journal?.close()
    this.phase = 'closed'
    await this.worker.terminate()
    if (failure) throw failure
  }
}

/** The cache store: the class above plus one derived method per entry of CACHE_READS. */
export type WorkerCacheStore = WorkerCacheStoreBase & CacheReads
// Safe: the static block above installs exactly the CACHE_READS methods on the prototype.
export const WorkerCacheStore = WorkerCacheStoreBase as new (
  ...args: ConstructorParameters<typeof WorkerCacheStoreBase>
) => WorkerCacheStore

// The derived reads and the hand-written rest make up the whole CacheStore (fails to compile otherwise).
const _isCacheStore = (store: WorkerCacheStore): CacheStore => store
void _isCacheStore
