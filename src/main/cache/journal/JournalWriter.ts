import { open, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { fsyncDirectory } from './fsyncDirectory'
import { encodeFrame, segmentFileName } from './journalFormat'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** A journal segment that exists on disk. `lastSeq` is null while it holds no record. */
export interface JournalSegmentInfo {
  file: string
  firstSeq: number
  lastSeq: number | null
  bytes: number
}

interface AppendTask {
  kind: 'append'
  seq: number
  frame: Buffer
  resolve: () => void
  reject: (err: Error) => void
}

interface PruneTask {
  kind: 'prune'
  throughSeq: number
  resolve: () => void
}

type Task = AppendTask | PruneTask

interface ActiveSegment extends JournalSegmentInfo {
  handle: FileHandle
}

/**
 * Appends journal records on the main thread with async fs: `FileHandle.write` and `datasync` run on
 * libuv's thread pool, so the event loop never blocks, and a save never waits for the worker (which
 * may be busy exporting a snapshot). Appends that arrive while a write is in flight are written and
 * fsynced together (group commit). All file operations run one at a time from one queue, so pruning
 * never races an append.
 */
export class JournalWriter {
  private active: ActiveSegment | null = null
  private readonly older: JournalSegmentInfo[]
  private readonly tasks: Task[] = []
  private running: Promise<void> | null = null
  private broken: Error | null = null
  private closed = false

  constructor(
    private readonly dir: string,
    existing: JournalSegmentInfo[],
  ) {
    // Segments found at open are never appended to again: each process run starts its own.
    this.older = [...existing].sort((a, b) => a.firstSeq - b.firstSeq)
  }

  /** Appends record `seq` (given as its JSON); resolves once it is on disk (written and fdatasynced). */
  append(seq: number, recordJson: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The cache is closed.'))
    if (this.broken) return Promise.reject(this.broken)
    const frame = encodeFrame(recordJson)
    return new Promise<void>((resolve, reject) => {
      this.tasks.push({ kind: 'append', seq, frame, resolve, reject })
      this.kick()
    })
  }

  /** Deletes the segments whose records are all included in a snapshot (seq <= throughSeq). */
  pruneThrough(throughSeq: number): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.tasks.push({ kind: 'prune', throughSeq, resolve })
      this.kick()
    })
  }

  totalBytes(): number {
    return this.older.reduce((sum, s) => sum + s.bytes, 0) + (this.active?.bytes ?? 0)
  }

  /** Waits for queued appends, then closes the segment. Later appends are refused. */
  async close(): Promise<void> {
    await this.drain()
    this.closed = true
    await this.closeActive()
  }

  /** Closes the file at once, as a crash would (tests only): queued appends fail. */
  async abandon(): Promise<void> {
    this.closed = true
    for (const task of this.tasks.splice(0)) {
      if (task.kind === 'append') task.reject(new Error('The cache was abandoned.'))
      else task.resolve()
    }
    await this.running
    await this.closeActive()
  }

  async drain(): Promise<void> {
    while (this.running) await this.running
  }

  private kick(): void {
    if (this.running) return
    this.running = this.run().finally(() => {
      this.running = null
      if (this.tasks.length > 0) this.kick()
    })
  }

  private async run(): Promise<void> {
    while (this.tasks.length > 0) {
      const head = this.tasks[0] as Task
      if (head.kind === 'prune') {
        this.tasks.shift()
        await this.prune(head.throughSeq).catch(() => {
          // A segment that cannot be deleted now is deleted after a later snapshot; replay skips
          // its records (they are older than the snapshot) in the meantime.
        })
        head.resolve()
        continue
      }
      let count = 0
      while (count < this.tasks.length && (this.tasks[count] as Task).kind === 'append') count++
      await this.writeBatch(this.tasks.splice(0, count) as AppendTask[])
    }
  }

  private async writeBatch(batch: AppendTask[]): Promise<void> {
    if (this.broken || this.closed) {
      const err = this.broken ?? new Error('The cache is closed.')
      for (const task of batch) task.reject(err)
      return
    }
    let segment: ActiveSegment | null = null
    try {
      segment = await this.ensureActive((batch[0] as AppendTask).seq)
      const bytes =
        batch.length === 1 ? (batch[0] as AppendTask).frame : Buffer.concat(batch.map((t) => t.frame))
      let written = 0
      while (written < bytes.length) {
        const { bytesWritten } = await segment.handle.write(bytes, written, bytes.length - written)
        written += bytesWritten
      }
      await segment.handle.datasync()
      segment.bytes += bytes.length
      segment.lastSeq = (batch[batch.length - 1] as AppendTask).seq
      for (const task of batch) task.resolve()
    } catch (cause) {
      const err = new Error(`Could not write the cache journal: ${errorMessage(cause)}`, { cause })
      // Cut a partial write off so that later records do not land behind garbage (the reader stops
      // at the first bad frame). If even that fails, refuse all later writes rather than lose them.
      if (segment) {
        try {
          await segment.handle.truncate(segment.bytes)
          await segment.handle.datasync()
        } catch {
          this.broken = err
        }
      }
      for (const task of batch) task.reject(err)
    }
  }

  private async ensureActive(firstSeq: number): Promise<ActiveSegment> {
    if (this.active) return this.active
    const file = segmentFileName(firstSeq)
    const handle = await open(join(this.dir, file), 'a')
    try {
      const { size } = await handle.stat()
      // The new file's directory entry must be durable before a record in it is acknowledged.
      await fsyncDirectory(this.dir)
      this.active = { file, firstSeq, lastSeq: null, bytes: size, handle }
      return this.active
    } catch (err) {
      await handle.close()
      throw err
    }
  }

  private async prune(throughSeq: number): Promise<void> {
    const active = this.active
    if (active && active.lastSeq !== null && active.lastSeq <= throughSeq) {
      // Everything in it is in the snapshot: the next append starts a new segment.
      await this.closeActive()
      this.older.push({
        file: active.file,
        firstSeq: active.firstSeq,
        lastSeq: active.lastSeq,
        bytes: active.bytes,
      })
    }
    for (const segment of [...this.older]) {
      if (segment.lastSeq !== null && segment.lastSeq > throughSeq) continue
      await unlink(join(this.dir, segment.file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err
      })
      this.older.splice(this.older.indexOf(segment), 1)
    }
  }

  private async closeActive(): Promise<void> {
    const active = this.active
    this.active = null
    if (active) await active.handle.close()
  }
}
