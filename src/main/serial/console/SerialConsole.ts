import type {
  ConsoleLine,
  SerialConsoleBatch,
  SerialConsoleSnapshot,
  SerialConsoleState,
  SerialConsoleView,
} from '../../../shared/api/serialViews'
import { ConsoleBuffer, MAX_CONSOLE_LINES } from '../../../shared/console/ConsoleBuffer'
import type { SerialLink } from '../link/SerialLink'
import { ConsoleLineSplitter, type SplitLine } from './ConsoleLineSplitter'
import type { ConsoleLog } from './ConsoleLog'

export interface SerialConsoleEvents {
  batch(batch: SerialConsoleBatch): void
  state(view: SerialConsoleView): void
}

/** How often new text goes to the windows: often enough to feel live, rare enough to be cheap. */
export const BATCH_INTERVAL_MS = 50

/**
 * One port's console: splits what the link delivers into timestamped lines, keeps the last ones
 * (capped), and hands new lines to the windows in batches, never one message per chunk. The link
 * is its own when it opened it, or a robot session's, which it only listens to and never closes.
 */
export class SerialConsole {
  private readonly buffer = new ConsoleBuffer()
  private splitter = new ConsoleLineSplitter()
  private link: SerialLink | null = null
  private offs: Array<() => void> = []
  private pending: ConsoleLine[] = []
  private pendingTrimmed = 0
  private partialDirty = false
  private timer: NodeJS.Timeout | undefined
  private seq = 0
  private bytesIn = 0
  private bytesOut = 0
  private state: SerialConsoleState = 'opening'
  private error: string | null = null
  private shared = false
  private log: ConsoleLog | null = null
  private clears = 0

  constructor(
    readonly path: string,
    public baudRate: number,
    private readonly events: SerialConsoleEvents,
  ) {}

  get isOpen(): boolean {
    return this.state === 'open' && this.link !== null
  }

  get ownsLink(): boolean {
    return this.link !== null && !this.shared
  }

  /** Listens to a link: one this console opened (`shared` false) or a robot session's. */
  attach(link: SerialLink, shared: boolean): void {
    this.detach()
    this.link = link
    this.shared = shared
    this.baudRate = link.baudRate
    this.state = 'open'
    this.error = null
    // A fresh decoder: bytes of a half-line from before a drop do not belong to the next one.
    this.splitter = new ConsoleLineSplitter()
    this.offs = [
      link.onConsoleBytes((bytes, at) => this.receive(bytes, at)),
      link.onClose((reason) => this.linkClosed(link, reason)),
    ]
    this.emitState()
  }

  failed(message: string): void {
    this.state = 'closed'
    this.error = message
    this.emitState()
  }

  receive(bytes: Uint8Array, at: number): void {
    this.bytesIn += bytes.length
    const lines = this.splitter.push(bytes, at)
    if (lines.length > 0) this.addLines(lines, 'in')
    this.partialDirty = true
    this.scheduleFlush()
  }

  async send(text: string): Promise<number> {
    const link = this.link
    if (!link || !this.isOpen) throw new Error('the console is not open')
    const bytes = new TextEncoder().encode(text)
    await link.writeRaw(bytes)
    this.bytesOut += bytes.length
    const eol = /\r\n$|\n$|\r$/.exec(text)?.[0] ?? ''
    this.addLines([{ at: Date.now(), text: text.slice(0, text.length - eol.length), eol }], 'out')
    this.scheduleFlush()
    return bytes.length
  }

  clear(): void {
    this.flush()
    this.buffer.clear()
    this.pending = []
    this.pendingTrimmed = 0
    this.clears++
    this.emitState()
  }

  setLog(log: ConsoleLog | null): void {
    this.log = log
    this.emitState()
  }

  get logging(): ConsoleLog | null {
    return this.log
  }

  /** Stops listening; closes the link only if this console opened it. */
  async close(reason = 'closed from the console'): Promise<void> {
    const link = this.link
    const owned = this.ownsLink
    this.detach()
    this.flush()
    this.state = 'closed'
    this.error = null
    this.emitState()
    if (link && owned) await link.close(reason)
  }

  view(): SerialConsoleView {
    return {
      path: this.path,
      baudRate: this.baudRate,
      state: this.state,
      sharedWithSession: this.shared,
      error: this.error,
      trimmed: this.buffer.trimmed,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      clears: this.clears,
      logFile: this.log?.file ?? null,
    }
  }

  snapshot(): SerialConsoleSnapshot {
    this.flush()
    return { ...this.view(), lines: this.buffer.toArray(), partial: this.partial() }
  }

  /** Sends what is waiting now (the timer's job; also before a snapshot, so nothing is told twice). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.length === 0 && !this.partialDirty && this.pendingTrimmed === 0) return
    const batch: SerialConsoleBatch = {
      path: this.path,
      lines: this.pending,
      partial: this.partial(),
      trimmed: this.pendingTrimmed,
      bytesIn: this.bytesIn,
    }
    this.pending = []
    this.pendingTrimmed = 0
    this.partialDirty = false
    this.events.batch(batch)
  }

  private partial(): ConsoleLine | null {
    const p = this.splitter.partial()
    return p ? { seq: this.seq + 1, dir: 'in', ...p } : null
  }

  private addLines(lines: readonly SplitLine[], dir: ConsoleLine['dir']): void {
    const numbered = lines.map((l): ConsoleLine => ({ seq: ++this.seq, dir, ...l }))
    this.buffer.add(numbered)
    this.log?.write(numbered)
    this.pending.push(...numbered)
    // A flood beyond the cap between two batches: the oldest never reach a window, and it says so.
    const over = this.pending.length - MAX_CONSOLE_LINES
    if (over > 0) {
      this.pending.splice(0, over)
      this.pendingTrimmed += over
    }
  }

  private scheduleFlush(): void {
    this.timer ??= setTimeout(() => this.flush(), BATCH_INTERVAL_MS)
  }

  private linkClosed(link: SerialLink, reason: string): void {
    if (link !== this.link) return
    this.detach()
    this.flush()
    this.state = 'closed'
    this.error = reason
    this.emitState()
  }

  private detach(): void {
    for (const off of this.offs) off()
    this.offs = []
    this.link = null
    this.shared = false
  }

  private emitState(): void {
    this.events.state(this.view())
  }
}
