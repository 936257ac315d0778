import type { SerialPortView } from '../../../shared/api/serialViews'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** Whether two listings differ in anything a window shows (order included: both are sorted by path). */
export function portsChanged(before: readonly SerialPortView[], after: readonly SerialPortView[]): boolean {
  if (before.length !== after.length) return true
  return before.some((p, i) => JSON.stringify(p) !== JSON.stringify(after[i]))
}

export interface SerialPortWatcherOptions {
  list: () => Promise<SerialPortView[]>
  /** Called with the new listing only when it changed (more listeners: onChanged). */
  changed?: (ports: SerialPortView[]) => void
  intervalMs?: number
  /** How long one watch call keeps the poll going; the window renews it while it shows the list. */
  leaseMs?: number
  now?: () => number
}

/**
 * serialport has no hot-plug event, so a listing is polled (every 1.5 s by default: a directory
 * scan and, with udevadm, one short process) and only changes are told. The poll runs while some
 * window holds a lease: a window that closes without saying so stops costing anything once its
 * lease runs out.
 */
export class SerialPortWatcher {
  private latest: SerialPortView[] | null = null
  private leaseUntil = 0
  private timer: NodeJS.Timeout | undefined
  private polling: Promise<void> | null = null
  private held = false
  private readonly listeners = new Set<(ports: SerialPortView[]) => void>()
  private readonly intervalMs: number
  readonly leaseMs: number
  private readonly now: () => number

  constructor(private readonly options: SerialPortWatcherOptions) {
    this.intervalMs = options.intervalMs ?? 1500
    this.leaseMs = options.leaseMs ?? 10_000
    this.now = options.now ?? Date.now
  }

  /** Lists now (and remembers the result, so the next poll compares with what the caller saw). */
  async list(): Promise<SerialPortView[]> {
    const ports = await this.options.list()
    this.remember(ports)
    return ports
  }

  /** Starts (or extends) the poll for one lease. */
  watch(): { leaseMs: number } {
    this.leaseUntil = this.now() + this.leaseMs
    this.schedule()
    return { leaseMs: this.leaseMs }
  }

  /**
   * Keeps the poll going without a window's lease while `on` (auto-connect must see a device
   * plugged in while no window shows the list), or lets it end with the last lease.
   */
  hold(on: boolean): void {
    this.held = on
    if (on) this.schedule()
  }

  /** Called with each changed listing, beside the `changed` option; returns the unsubscribe. */
  onChanged(listener: (ports: SerialPortView[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The listing as last seen (null before the first). */
  get latestPorts(): readonly SerialPortView[] | null {
    return this.latest
  }

  get watching(): boolean {
    return this.timer !== undefined
  }

  stop(): void {
    this.leaseUntil = 0
    this.held = false
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** One poll (the timer's; tests call it to step without waiting). */
  async poll(): Promise<void> {
    // A slow listing (udevadm on a loaded machine) is never run twice at once.
    this.polling ??= this.options
      .list()
      .then((ports) => this.remember(ports))
      .catch((err: unknown) => console.error(`listing serial ports failed: ${errorMessage(err)}`))
      .finally(() => {
        this.polling = null
      })
    return this.polling
  }

  private remember(ports: SerialPortView[]): void {
    const before = this.latest
    this.latest = ports
    if (before === null || !portsChanged(before, ports)) return
    this.options.changed?.(ports)
    for (const l of this.listeners) l(ports)
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      void this.poll().then(() => {
        this.timer = undefined
        if (this.held || this.now() < this.leaseUntil) this.schedule()
      })
    }, this.intervalMs)
    this.timer.unref?.()
  }
}
