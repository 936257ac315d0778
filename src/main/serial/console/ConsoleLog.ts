import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ConsoleLine } from '../../../shared/api/serialViews'

/** A file name for a port's log: the path's safe characters and the time it started. */
export function consoleLogName(path: string, startedAt: Date): string {
  const port =
    path
      .replace(/^\/dev\//, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 60) || 'port'
  const stamp = startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '')
  return `${port}-${stamp}.log`
}

/** One line of the log file: time, direction and text (bytes that are not text as hex). */
export function consoleLogLine(line: ConsoleLine): string {
  const dir = line.dir === 'in' ? '<' : '>'
  const text = line.hex ? `${line.text} [hex ${line.hex}]` : line.text
  return `${new Date(line.at).toISOString()} ${dir} ${text}\n`
}

/** Writes a console's lines to a file as they complete, appending (never truncating what was logged). */
export class ConsoleLog {
  private readonly stream: WriteStream
  private failure: string | null = null
  bytes = 0

  private constructor(
    readonly file: string,
    stream: WriteStream,
  ) {
    this.stream = stream
    stream.on('error', (err) => {
      this.failure = err.message
    })
  }

  static async open(dir: string, path: string): Promise<ConsoleLog> {
    await mkdir(dir, { recursive: true })
    const file = join(dir, consoleLogName(path, new Date()))
    const stream = createWriteStream(file, { flags: 'a' })
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve())
      stream.once('error', reject)
    })
    return new ConsoleLog(file, stream)
  }

  get error(): string | null {
    return this.failure
  }

  write(lines: readonly ConsoleLine[]): void {
    if (this.failure) return
    const text = lines.map(consoleLogLine).join('')
    this.bytes += Buffer.byteLength(text)
    this.stream.write(text)
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()))
  }
}
