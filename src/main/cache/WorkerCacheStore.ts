import { mkdir } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import type {
  ApiKey,
  Fragment,
  FragmentRevision,
  Grant,
  LogEntry,
  Machine,
  Package,
  Part,
  Revision,
  RevisionMeta,
  User,
} from '../../shared/domain/model'
import type { FragmentId, MachineId, PartId } from '../../shared/ids'
import type {
  CacheRequestType,
  CacheResults,
  CacheWorkerEvent,
  CacheWorkerOptions,
  RequestEnvelope,
  RequestOf,
  WorkerMessage,
} from './cacheProtocol'
import { cacheWorkerScript } from './cacheWorkerScript'
import type { JournalRecord } from './journal/JournalRecord'
import { JournalWriter } from './journal/JournalWriter'
import { encodeHistory, groupRevisionsByPart, type StoredRevision } from './partHistory'
import type {
  CachedPartConfig,
  CacheOpenReport,
  CacheStats,
  CacheStore,
  FleetImport,
  FleetIndex,
  LogQuery,
  OutboxEntry,
} from './types'

/** Revisions per import message: big enough to amortize messaging, small enough to encode in ~10 ms. */
const IMPORT_CHUNK_REVISIONS = 2000
const LOG_CHUNK_ENTRIES = 20_000

type Step = () => void | Promise<void>

interface PendingReply {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

/**
 * The main-thread side of the cache: a thin proxy that numbers requests, posts them to the cache
 * worker in call order and matches the replies. Durable mutations are first appended to the journal
 * here (async fs, fdatasync) and only then handed to the worker, so a save never waits for the
 * worker, and a read issued after a save is posted after it and sees it.
 */
export class WorkerCacheStore implements CacheStore {
  readonly dataDir: string
  private phase: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new'
  private worker: Worker | null = null
  private journal: JournalWriter | null = null
  private readonly pending = new Map<number, PendingReply>()
  private nextRequestId = 1
  private readonly outgoing: Step[] = []
  private pumping = false
  private pumpDone: Promise<void> = Promise.resolve()
  private nextJournalSeq = 1
  private nextOutboxSeq = 1
  private workerFailure: Error | null = null
  private backgroundError: string | null = null
  private closing: Promise<void> | null = null
  private snapshots = 0

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
      const worker = new Worker(this.workerUrl ?? cacheWorkerScript().url, {
        execArgv: [],
        name: 'fleetdesk-cache',
      })
      this.worker = worker
      worker.on('message', (message: WorkerMessage) => this.onMessage(message))
      worker.on('error', (err) => this.failWorker(err))
      worker.on('exit', (code) => {
        if (this.phase !== 'closed')
          this.failWorker(new Error(`The cache worker stopped unexpectedly (exit code ${code}).`))
      })
      // Referenced only while a request is outstanding (see post), so a forgotten close() never
      // keeps the process alive.
      worker.unref()
      const opened = await this.call({ type: 'open', options: this.options })
      this.journal = new JournalWriter(this.dataDir, opened.segments)
      this.nextJournalSeq = opened.nextJournalSeq
      this.nextOutboxSeq = opened.nextOutboxSeq
      this.phase = 'open'
      return { notices: opened.notices, replayed: opened.replayed, openMs: performance.now() - started }
    } catch (err) {
      this.phase = 'closed'
      await this.worker?.terminate()
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
    await this.worker?.terminate()
    await this.journal?.abandon()
    this.rejectAllPending(new Error('The cache was stopped.'))
  }

  isEmpty(): Promise<boolean> {
    return this.call({ type: 'isEmpty' })
  }

  getFleetIndex(): Promise<FleetIndex> {
    return this.call({ type: 'getFleetIndex' })
  }

  getUsers(): Promise<User[]> {
    return this.call({ type: 'getUsers' })
  }

  getUserByEmail(email: string): Promise<User | null> {
    return this.call({ type: 'getUserByEmail', email })
  }

  getGrants(): Promise<Grant[]> {
    return this.call({ type: 'getGrants' })
  }

  getApiKeys(): Promise<ApiKey[]> {
    return this.call({ type: 'getApiKeys' })
  }

  getFragments(): Promise<Fragment[]> {
    return this.call({ type: 'getFragments' })
  }

  getFragmentRevisions(fragmentId: FragmentId): Promise<FragmentRevision[]> {
    return this.call({ type: 'getFragmentRevisions', fragmentId })
  }

  getPackages(): Promise<Package[]> {
    return this.call({ type: 'getPackages' })
  }

  getPartConfig(partId: PartId): Promise<CachedPartConfig> {
    return this.call({ type: 'getPartConfig', partId })
  }

  getHistory(partId: PartId): Promise<RevisionMeta[]> {
    return this.call({ type: 'getHistory', partId })
  }

  getRevision(partId: PartId, revision: number): Promise<Revision | null> {
    return this.call({ type: 'getRevision', partId, revision })
  }

  listOutbox(): Promise<OutboxEntry[]> {
    return this.call({ type: 'listOutbox' })
  }

  pendingCountsByMachine(): Promise<Map<MachineId, number>> {
    return this.call({ type: 'pendingCountsByMachine' })
  }

  async saveLocalEdit(edit: Parameters<CacheStore['saveLocalEdit']>[0]): Promise<OutboxEntry> {
    this.assertOpen()
    const entry: OutboxEntry = {
      seq: this.nextOutboxSeq++,
      partId: edit.partId,
      baseRevision: edit.baseRevision,
      config: edit.config,
      author: edit.author,
      savedAt: new Date().toISOString(),
      rejection: null,
    }
    const json = await this.journaled({ kind: 'edit', seq: this.nextJournalSeq++, entry })
    // A copy of what was written: the caller's config object may change after this call.
    return (JSON.parse(json) as Extract<JournalRecord, { kind: 'edit' }>).entry
  }

  async markOutboxRejected(seq: number, reason: string): Promise<void> {
    this.assertOpen()
    await this.journaled({ kind: 'outbox-rejected', seq: this.nextJournalSeq++, outboxSeq: seq, reason })
  }

  async removeOutboxEntries(seqs: number[]): Promise<void> {
    this.assertOpen()
    if (seqs.length === 0) return
    await this.journaled({ kind: 'outbox-removed', seq: this.nextJournalSeq++, outboxSeqs: [...seqs] })
  }

  async addLocalMachine(input: { machine: Machine; part: Part }): Promise<void> {
    this.assertOpen()
    await this.journaled({
      kind: 'machine-added',
      seq: this.nextJournalSeq++,
      machine: input.machine,
      part: input.part,
    })
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
      this.enqueue(async () => {
        let failure: Error | null = null
        const send = <K extends CacheRequestType>(request: RequestOf<K>, weight: number): Promise<void> =>
          new Promise<CacheResults[K]>((res, rej) => this.post(request, res, rej)).then(
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
            failure ??= err instanceof Error ? err : new Error(String(err))
            break
          }
          if (inFlight.length >= 2) await inFlight.shift()
          if (failure) break
          inFlight.push(send({ type: 'importRevisions', rows }, rows.length))
          await new Promise((r) => setImmediate(r))
        }
        if (failure) {
          this.post(
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
      this.enqueue(async () => {
        for (let i = 0; i < entries.length; i += LOG_CHUNK_ENTRIES) {
          // Let the event loop breathe between chunks: cloning a chunk takes a few milliseconds.
          if (i > 0) await new Promise((r) => setImmediate(r))
          replies.push(
            new Promise((res, rej) =>
              this.post({ type: 'appendLogs', entries: entries.slice(i, i + LOG_CHUNK_ENTRIES) }, res, rej),
            ),
          )
        }
        posted()
      })
    })
    await Promise.all(replies)
  }

  queryLogs(query: LogQuery): Promise<LogEntry[]> {
    return this.call({ type: 'queryLogs', query })
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
    return new Promise<CacheResults[K]>((resolve, reject) =>
      this.enqueue(() => this.post(request, resolve, reject)),
    )
  }

  /**
   * Appends the record to the journal and, once it is durable, queues it for the worker; resolves
   * (with the record's JSON) when durable. Everything queued after it is posted after it.
   */
  private journaled(record: JournalRecord): Promise<string> {
    const json = JSON.stringify(record)
    const journal = this.journal as JournalWriter
    const durable = journal.append(record.seq, json)
    this.enqueue(async () => {
      try {
        await durable
      } catch {
        return // Not on disk, so never applied: the caller gets the error.
      }
      this.post(
        { type: 'apply', records: [json] },
        () => undefined,
        (err) => {
          this.backgroundError = `A saved change could not be applied to the cache (it is kept in the journal and applied at the next start): ${err.message}`
        },
      )
    })
    return durable.then(() => json)
  }

  private enqueue(step: Step): void {
    this.outgoing.push(step)
    if (this.pumping) return
    this.pumping = true
    this.pumpDone = this.pump()
  }

  /** Runs queued steps in order; a step that returns a promise holds back the ones after it. */
  private async pump(): Promise<void> {
    try {
      while (this.outgoing.length > 0) {
        const step = this.outgoing.shift() as Step
        const pending = step()
        if (pending) await pending.catch(() => undefined)
      }
    } finally {
      this.pumping = false
    }
  }

  private post<K extends CacheRequestType>(
    request: RequestOf<K>,
    resolve: (value: CacheResults[K]) => void,
    reject: (err: Error) => void,
  ): void {
    const worker = this.worker
    if (this.workerFailure || !worker) {
      reject(this.workerFailure ?? new Error('The cache is closed.'))
      return
    }
    const id = this.nextRequestId++
    this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
    if (this.pending.size === 1) worker.ref()
    try {
      worker.postMessage({ id, request } satisfies RequestEnvelope)
    } catch (err) {
      this.settle(id)
      reject(err instanceof Error ? err : new Error(String(err)))
    }
  }

  private settle(id: number): PendingReply | undefined {
    const reply = this.pending.get(id)
    this.pending.delete(id)
    if (this.pending.size === 0) this.worker?.unref()
    return reply
  }

  private onMessage(message: WorkerMessage): void {
    if (message.kind === 'event') {
      this.onEvent(message.event)
      return
    }
    const reply = this.settle(message.id)
    if (!reply) return
    if (message.ok) reply.resolve(message.value)
    else reply.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
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

  private failWorker(err: Error): void {
    this.workerFailure ??= err
    this.rejectAllPending(err)
  }

  private rejectAllPending(err: Error): void {
    const replies = [...this.pending.values()]
    this.pending.clear()
    for (const reply of replies) reply.reject(err)
  }

  private async shutDown(): Promise<void> {
    this.phase = 'closing'
    let failure: unknown = null
    try {
      const { journalSeq } = await new Promise<CacheResults['close']>((resolve, reject) =>
        this.enqueue(() => this.post({ type: 'close' }, resolve, reject)),
      )
      await this.journal?.pruneThrough(journalSeq)
    } catch (err) {
      failure = err
    }
    await this.pumpDone
    await this.journal?.close()
    this.phase = 'closed'
    await this.worker?.terminate()
    this.worker = null
    if (failure) throw failure
  }
}
