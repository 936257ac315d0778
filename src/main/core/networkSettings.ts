import { networkInterfaces } from 'node:os'
import { CoreError, type FieldError } from '../../shared/errors/CoreError'
import type { Settings } from '../../shared/api/views'
import {
  checkDiscoveryInterface,
  checkIceNetworks,
  type DiscoveryStatus,
  type NetworkInfo,
  type NetworkInterfaceView,
} from '../../shared/config/networkSettings'
import { MDNS_INTERFACE_ENV, resolveMdnsOptions, type MdnsOptions } from '../../net/mdns/mdnsOptions'
import { errorMessage } from '../../shared/errors/errorMessage'

type OsInterfaces = ReturnType<typeof networkInterfaces>

/** What the network settings need of the robot service: discovery that can be stopped and started. */
export interface DiscoveryTarget {
  startDiscovery(mdns: MdnsOptions): Promise<void>
  stopDiscovery(): Promise<void>
}

export interface NetworkSettingsOptions {
  robots: DiscoveryTarget
  /** Whether this core browses at all (tests that give robot addresses directly turn it off). */
  discovery: boolean
  env?: Record<string, string | undefined>
  interfaces?: () => OsInterfaces
}

/** This computer's interface addresses, sorted by name, loopback first. */
export function listNetworkInterfaces(raw: OsInterfaces = networkInterfaces()): NetworkInterfaceView[] {
  const out: NetworkInterfaceView[] = []
  for (const [name, addresses] of Object.entries(raw)) {
    for (const a of addresses ?? []) {
      // Node reports the family as 'IPv4' | 'IPv6' (older versions as the numbers 4 and 6).
      const family = String(a.family) === '6' || a.family === 'IPv6' ? 'IPv6' : 'IPv4'
      out.push({ name, address: a.address, family, internal: a.internal })
    }
  }
  return out.sort(
    (x, y) =>
      Number(y.internal) - Number(x.internal) ||
      x.name.localeCompare(y.name) ||
      x.family.localeCompare(y.family),
  )
}

/**
 * The desktop's network settings at work: checks a settings change before anything is saved
 * (every problem with its field and a reason), restarts discovery on a new interface, and reports
 * what discovery does now. The WebRTC networks need no restart: each new session reads the setting.
 */
export class NetworkSettings {
  private readonly env: Record<string, string | undefined>
  private readonly interfaces: () => OsInterfaces
  private status: DiscoveryStatus

  constructor(private readonly options: NetworkSettingsOptions) {
    this.env = options.env ?? process.env
    this.interfaces = options.interfaces ?? networkInterfaces
    this.status = { setting: '', address: null, envOverride: this.override(), running: false, error: null }
  }

  /** Starts discovery with the saved setting (a no-op when this core does not browse); throws if it cannot. */
  async startDiscovery(setting: string): Promise<void> {
    this.status = { ...this.status, setting, running: false, error: null }
    if (!this.options.discovery) return
    try {
      const mdns = resolveMdnsOptions(setting, this.env, this.interfaces())
      await this.options.robots.startDiscovery(mdns)
      this.status = { ...this.status, address: mdns.interface ?? null, running: true }
    } catch (err) {
      this.status = { ...this.status, address: null, error: errorMessage(err) }
      throw err
    }
  }

  /**
   * The patch with its network values checked and normalized; throws `invalid-argument` naming each
   * field that is wrong and why, so nothing of a bad change is saved.
   */
  check<P extends Partial<Settings>>(patch: P): P {
    const out = { ...patch }
    const errors: FieldError[] = []
    if (patch.discoveryInterface !== undefined) {
      const r = checkDiscoveryInterface(patch.discoveryInterface, listNetworkInterfaces(this.interfaces()))
      if (r.ok) out.discoveryInterface = r.value
      else errors.push({ path: '$.discoveryInterface', message: r.message })
    }
    if (patch.iceNetworks !== undefined) {
      const r = checkIceNetworks(patch.iceNetworks)
      if (r.ok) out.iceNetworks = r.value
      else errors.push({ path: '$.iceNetworks', message: r.message })
    }
    if (errors.length > 0)
      throw new CoreError('invalid-argument', errors.map((e) => e.message).join(' '), errors)
    return out
  }

  /**
   * Puts a settings change to work before it is saved: a new discovery interface restarts discovery
   * on it. If it cannot start there, discovery goes back to the previous interface and the change
   * is refused (so the saved setting is always one that worked).
   */
  async apply(previous: Settings, next: Settings): Promise<void> {
    if (previous.discoveryInterface === next.discoveryInterface || !this.options.discovery) {
      this.status = { ...this.status, setting: next.discoveryInterface }
      return
    }
    await this.options.robots.stopDiscovery()
    try {
      await this.startDiscovery(next.discoveryInterface)
    } catch (err) {
      const why = errorMessage(err)
      await this.startDiscovery(previous.discoveryInterface).catch(() => undefined)
      throw new CoreError(
        'unavailable',
        `Discovery could not start on ${next.discoveryInterface} (${why}); it stays on ${previous.discoveryInterface}.`,
      )
    }
  }

  info(): NetworkInfo {
    return {
      interfaces: listNetworkInterfaces(this.interfaces()),
      discovery: { ...this.status, envOverride: this.override() },
    }
  }

  private override(): string | null {
    return (this.env[MDNS_INTERFACE_ENV] ?? '').trim() || null
  }
}
