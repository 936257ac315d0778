import {
  DEFAULT_BAUD_RATE,
  type SerialPortView,
  type SerialProbeResult,
} from '../../../shared/api/serialViews'
import { errorMessage } from '../../../shared/errors/errorMessage'
import { portsToProbe } from './portsToProbe'

export interface SerialAutoConnectOptions {
  /** The listing as last seen (a baseline when turned on: what is plugged in already is not new). */
  latest: () => Promise<readonly SerialPortView[]>
  /** Keeps the port poll going while on (no window may be showing the list). */
  hold: (on: boolean) => void
  /** Whether a session or console in this process has the port open. */
  openHere: (path: string) => boolean
  /** The handshake probe (opens the port locked and closes it after: a port held elsewhere fails). */
  probe: (path: string, baudRate: number) => Promise<SerialProbeResult>
  /** Opens a robot session with the remembered secret. */
  connect: (input: { partId: string; path: string; baudRate: number }) => Promise<void>
  log?: (message: string) => void
}

/**
 * Optional auto-connect (off by default): a port newly listed is probed with the handshake; a
 * Fleetdesk agent whose part secret is remembered here gets a session. Anything else (a plain
 * device, a robot without a remembered secret, a port another program holds) is left alone until
 * it is replugged: it is not probed again while it stays listed.
 */
export class SerialAutoConnect {
  private on = false
  private seen = new Set<string>()
  private readonly busy = new Set<Promise<void>>()

  constructor(private readonly options: SerialAutoConnectOptions) {}

  get enabled(): boolean {
    return this.on
  }

  async setEnabled(on: boolean): Promise<void> {
    if (on === this.on) return
    this.on = on
    this.options.hold(on)
    if (on) this.seen = new Set((await this.options.latest()).map((p) => p.path))
  }

  /** A changed listing (SerialPortWatcher.onChanged). */
  listed(ports: readonly SerialPortView[]): void {
    if (!this.on) return
    const fresh = portsToProbe(this.seen, ports, this.options.openHere)
    this.seen = new Set(ports.map((p) => p.path))
    for (const path of fresh) {
      const job = this.tryPort(path).finally(() => this.busy.delete(job))
      this.busy.add(job)
    }
  }

  /** Resolves once the probes and connects under way have ended (stop, tests). */
  async settled(): Promise<void> {
    while (this.busy.size > 0) await Promise.all([...this.busy])
  }

  private async tryPort(path: string): Promise<void> {
    const log = this.options.log ?? ((m: string): void => console.info(m))
    const baudRate = DEFAULT_BAUD_RATE
    try {
      const found = await this.options.probe(path, baudRate)
      if (found.kind !== 'robot') return
      if (!found.secretRemembered) {
        log(`auto-connect: ${path} is robot ${found.partId}, but no secret is remembered for it; left alone`)
        return
      }
      if (!this.on) return
      await this.options.connect({ partId: found.partId, path, baudRate })
    } catch (err) {
      // Held by another program, refused, gone again: left alone until it is replugged.
      log(`auto-connect: left ${path} alone: ${errorMessage(err)}`)
    }
  }
}
