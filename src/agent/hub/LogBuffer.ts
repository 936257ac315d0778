import { appendFileSync, readFileSync } from 'node:fs'
import type { LogEntry } from '../../shared/domain/model'
import { readJsonFile, writeFileAtomic } from './atomicJson'

// The log lines not yet acknowledged by the hub, kept on disk so that neither a hub outage nor an
// agent restart loses them. The file (hub-logs.jsonl) is append-only, one `{"s": seq, "e": entry}`
// a line; a small state file (hub-logs.state.json) says the first sequence number still owed and
// how many lines were dropped (buffer full, or refused by the hub) and not yet reported.
// Acknowledging or dropping moves that number; the file is rewritten (atomically) only when most of
// it is dead. Bounded by bytes: when full, the
// oldest lines go first and are counted. A crash between an upload and its acknowledgement sends
// those lines again: delivery is at least once.

export interface BufferedLine {
  seq: number
  entry: UploadEntry
  bytes: number
}

/** What the hub's log route takes (docs/hub-api.md, `POST /v1/parts/:partId/logs`). */
export interface UploadEntry {
  time: string
  level: LogEntry['level']
  logger: string
  message: string
  fields?: Record<string, unknown>
}

export interface LogBufferOptions {
  file: string
  stateFile: string
  maxBytes: number
  /** How long appended lines may wait in memory before they reach the disk. */
  flushMs?: number
}

/** The hub's limit on one message; longer ones are cut so that one line never blocks the queue. */
const MAX_MESSAGE = 16_384

export function toUploadEntry(entry: LogEntry): UploadEntry {
  const message = (
    entry.message.length > MAX_MESSAGE ? entry.message.slice(0, MAX_MESSAGE) : entry.message
  ).replaceAll('\u0000', '')
  const fields = JSON.parse(JSON.stringify(entry.fields).replaceAll('\\u0000', '')) as Record<string, unknown>
  return {
    time: entry.time,
    level: entry.level,
    logger: entry.logger.slice(0, 200) || 'agent',
    message: message === '' ? '(empty)' : message,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  }
}

export class LogBuffer {
  private lines: BufferedLine[] = []
  private bytes = 0
  private nextSeq = 1
  private headSeq = 1
  /** Dropped (buffer full) and not yet reported to the hub. */
  private unreportedDrops = 0
  /** Refused by the hub, dropped, and not yet reported; with the hub's last reason. */
  private unreportedRefused = 0
  private refusedReason = ''
  /** Dropped since this agent started (for the status). */
  private droppedSinceStart = 0
  private deadLines = 0
  private pending: string[] = []
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  private readonly listeners = new Set<() => void>()

  constructor(private readonly options: LogBufferOptions) {
    this.load()
  }

  get size(): number {
    return this.lines.length
  }

  get byteSize(): number {
    return this.bytes
  }

  get dropped(): { unreported: number; refused: number; refusedReason: string; sinceStart: number } {
    return {
      unreported: this.unreportedDrops,
      refused: this.unreportedRefused,
      refusedReason: this.refusedReason,
      sinceStart: this.droppedSinceStart,
    }
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  append(entry: UploadEntry): void {
    const seq = this.nextSeq++
    const text = JSON.stringify({ s: seq, e: entry })
    const line: BufferedLine = { seq, entry, bytes: Buffer.byteLength(text) + 1 }
    this.lines.push(line)
    this.bytes += line.bytes
    this.pending.push(text)
    while (this.bytes > this.options.maxBytes && this.lines.length > 0) {
      const oldest = this.lines.shift() as BufferedLine
      this.bytes -= oldest.bytes
      this.headSeq = oldest.seq + 1
      this.unreportedDrops++
      this.droppedSinceStart++
      this.deadLines++
    }
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 100)
    for (const listener of this.listeners) listener()
  }

  /** The oldest lines still owed, up to the limits (never fewer than one line when any is owed). */
  peek(maxEntries: number, maxBytes: number): BufferedLine[] {
    const batch: BufferedLine[] = []
    let bytes = 0
    for (const line of this.lines) {
      if (batch.length >= maxEntries || (batch.length > 0 && bytes + line.bytes > maxBytes)) break
      batch.push(line)
      bytes += line.bytes
    }
    return batch
  }

  /** The hub holds every line up to `seq`, and was told of these dropped lines. */
  acknowledge(seq: number, reported: { full: number; refused: number }): void {
    this.release(seq)
    this.unreportedDrops = Math.max(0, this.unreportedDrops - reported.full)
    this.unreportedRefused = Math.max(0, this.unreportedRefused - reported.refused)
    this.persist()
  }

  /** The hub refused the lines up to `seq` for good: they go, counted, to be reported. */
  refuse(seq: number, reason: string): void {
    const refused = this.release(seq)
    this.unreportedRefused += refused
    this.droppedSinceStart += refused
    this.refusedReason = reason.slice(0, 500)
    this.persist()
  }

  /** Removes the lines up to `seq`; how many there were. */
  private release(seq: number): number {
    let released = 0
    while (this.lines.length > 0 && (this.lines[0] as BufferedLine).seq <= seq) {
      const line = this.lines.shift() as BufferedLine
      this.bytes -= line.bytes
      this.deadLines++
      released++
    }
    this.headSeq = Math.max(this.headSeq, seq + 1)
    return released
  }

  private persist(): void {
    this.flush()
    if (this.deadLines > 1000 && this.deadLines > this.lines.length) this.compact()
    else this.saveState()
  }

  /** Writes what waits in memory to the disk (also on close). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    if (this.pending.length === 0) return
    const text = this.pending.join('\n') + '\n'
    this.pending = []
    try {
      appendFileSync(this.options.file, text)
    } catch {
      // A full or read-only disk: the lines stay in memory and are still uploaded.
    }
  }

  close(): void {
    this.flush()
    this.saveState()
  }

  private saveState(): void {
    try {
      writeFileAtomic(
        this.options.stateFile,
        JSON.stringify({
          headSeq: this.headSeq,
          unreportedDrops: this.unreportedDrops,
          unreportedRefused: this.unreportedRefused,
          refusedReason: this.refusedReason,
        }) + '\n',
      )
    } catch {
      // As for flush: memory still holds the truth until the next write.
    }
  }

  private compact(): void {
    // State first: if the rewrite is cut short the old file is read with the new headSeq, which
    // only skips lines the hub already holds.
    this.saveState()
    try {
      const text = this.lines.map((l) => JSON.stringify({ s: l.seq, e: l.entry })).join('\n')
      writeFileAtomic(this.options.file, text === '' ? '' : text + '\n')
      this.deadLines = 0
    } catch {
      // Compaction is an economy; the file stays valid without it.
    }
  }

  private load(): void {
    const state = readJsonFile(this.options.stateFile) as Record<string, unknown> | undefined
    if (typeof state?.headSeq === 'number') this.headSeq = state.headSeq
    if (typeof state?.unreportedDrops === 'number') this.unreportedDrops = state.unreportedDrops
    if (typeof state?.unreportedRefused === 'number') this.unreportedRefused = state.unreportedRefused
    if (typeof state?.refusedReason === 'string') this.refusedReason = state.refusedReason
    let text: string
    try {
      text = readFileSync(this.options.file, 'utf8')
    } catch {
      return
    }
    let last = this.headSeq - 1
    for (const raw of text.split('\n')) {
      if (raw === '') continue
      let parsed: { s?: unknown; e?: unknown }
      try {
        parsed = JSON.parse(raw) as { s?: unknown; e?: unknown }
      } catch {
        continue // A line cut by a crash mid-append.
      }
      if (typeof parsed.s !== 'number' || typeof parsed.e !== 'object' || parsed.e === null) continue
      last = Math.max(last, parsed.s)
      if (parsed.s < this.headSeq) {
        this.deadLines++
        continue
      }
      const line = { seq: parsed.s, entry: parsed.e as UploadEntry, bytes: Buffer.byteLength(raw) + 1 }
      this.lines.push(line)
      this.bytes += line.bytes
    }
    this.nextSeq = last + 1
  }
}
