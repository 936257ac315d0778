import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { levelAtLeast, type LogLevel } from '../shared/domain/logLevel'
import type { LogEntry } from '../shared/domain/model'
import type { PartId } from '../shared/ids'
import type { Clock } from './runtime/Clock'
import type { Logger } from './runtime/Logger'

// The agent's own logs: structured entries (time, level, logger, message, fields) kept in a ring
// buffer for sessions (`logs.get`, the `logs` subscription) and appended as JSON lines to a
// size-capped rotating file in the data folder, so the last few megabytes survive a crash or
// reboot and can be uploaded later. Logging never throws: a full disk must not stop a robot.

export interface AgentLogOptions {
  partId: string
  clock: Clock
  /** Entries kept in memory. */
  capacity?: number
  /** Entries below this level are dropped entirely. */
  level?: LogLevel
  /** Rotating file: `dir/agent.log`, then `agent.log.1` (newer) .. `agent.log.{maxFiles-1}`. */
  file?: { dir: string; maxBytes?: number; maxFiles?: number }
  /** Also hand each entry here (e.g. a console line for the operator). */
  echo?: (entry: LogEntry) => void
}

export class AgentLog {
  private readonly ring: LogEntry[] = []
  private head = 0
  private readonly capacity: number
  private readonly minLevel: LogLevel
  private readonly listeners = new Set<(entry: LogEntry) => void>()
  private fd: number | undefined
  private fileSize = 0
  private fileFailed = false

  constructor(private readonly options: AgentLogOptions) {
    this.capacity = Math.max(1, options.capacity ?? 10_000)
    this.minLevel = options.level ?? 'debug'
    if (options.file) this.openFile()
  }

  get filePath(): string | undefined {
    return this.options.file ? join(this.options.file.dir, 'agent.log') : undefined
  }

  logger(name: string): Logger {
    const at =
      (level: LogLevel) =>
      (message: string, fields?: Record<string, unknown>): void => {
        this.write(level, name, message, fields)
      }
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (child) => this.logger(`${name}.${child}`),
    }
  }

  write(level: LogLevel, logger: string, message: string, fields: Record<string, unknown> = {}): void {
    if (!levelAtLeast(level, this.minLevel)) return
    const entry: LogEntry = {
      partId: this.options.partId as PartId,
      time: new Date(this.options.clock.now()).toISOString(),
      level,
      logger,
      message,
      fields: jsonSafe(fields),
    }
    if (this.ring.length < this.capacity) this.ring.push(entry)
    else {
      this.ring[this.head] = entry
      this.head = (this.head + 1) % this.capacity
    }
    this.appendToFile(entry)
    this.options.echo?.(entry)
    for (const listener of this.listeners) {
      try {
        listener(entry)
      } catch {
        // A subscriber's failure is its own; the other subscribers and the log go on.
      }
    }
  }

  /** The newest `limit` entries at or above `level`, oldest first. */
  entries(options: { limit?: number; level?: LogLevel } = {}): LogEntry[] {
    const ordered = [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)]
    const level = options.level ?? 'debug'
    const matching = ordered.filter((e) => levelAtLeast(e.level, level))
    return options.limit === undefined
      ? matching
      : matching.slice(Math.max(0, matching.length - options.limit))
  }

  get size(): number {
    return this.ring.length
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    this.listeners.clear()
  }

  private openFile(): void {
    const file = this.options.file
    if (!file) return
    try {
      mkdirSync(file.dir, { recursive: true })
      this.fd = openSync(join(file.dir, 'agent.log'), 'a')
      this.fileSize = fstatSync(this.fd).size
    } catch (err) {
      this.fileFailure(err)
    }
  }

  private appendToFile(entry: LogEntry): void {
    const file = this.options.file
    if (!file || this.fd === undefined) return
    const line = Buffer.from(JSON.stringify(entry) + '\n')
    const maxBytes = file.maxBytes ?? 5 * 1024 * 1024
    try {
      if (this.fileSize > 0 && this.fileSize + line.length > maxBytes) this.rotate()
      if (this.fd === undefined) return
      writeSync(this.fd, line)
      this.fileSize += line.length
    } catch (err) {
      this.fileFailure(err)
    }
  }

  private rotate(): void {
    const file = this.options.file
    if (!file || this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
    const maxFiles = Math.max(1, file.maxFiles ?? 5)
    const path = (n: number): string => join(file.dir, n === 0 ? 'agent.log' : `agent.log.${n}`)
    if (maxFiles === 1) rmSync(path(0), { force: true })
    // Shift agent.log.(n) to .(n+1), dropping the oldest, then the current file becomes .1.
    for (let n = maxFiles - 1; n >= 1; n--) {
      if (n === maxFiles - 1) rmSync(path(n), { force: true })
      if (existsSync(path(n - 1))) renameSync(path(n - 1), path(n))
    }
    this.fd = openSync(path(0), 'a')
    this.fileSize = 0
  }

  private fileFailure(err: unknown): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd)
      } catch {
        // Already unusable; nothing more to release.
      }
    }
    this.fd = undefined
    if (this.fileFailed) return
    this.fileFailed = true
    // Said once, in memory, where sessions can still read it.
    this.write('error', 'agent.log', 'log file disabled: cannot write to the data folder', {
      error: String(err),
    })
  }
}

/** Fields as plain JSON: errors become their message, anything unserializable its string form. */
function jsonSafe(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) out[key] = value.message
    else if (value === undefined) continue
    else {
      try {
        out[key] = JSON.parse(JSON.stringify(value)) as unknown
      } catch {
        out[key] = String(value)
      }
    }
  }
  return out
}
