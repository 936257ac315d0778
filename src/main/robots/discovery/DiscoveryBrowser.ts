import type { Bonjour, Browser, Service } from 'bonjour-service'
import { Emitter } from '../../core/Emitter'
import { createBonjour } from '../../../net/mdns/createBonjour'
import { decodeTxt, FLEETDESK_SERVICE_TYPE } from '../../../net/mdns/fleetdeskService'
import { resolveMdnsOptions, type MdnsOptions } from '../../../net/mdns/mdnsOptions'

/** An agent found on the network. */
export interface DiscoveredAgent {
  partId: string
  machineName: string
  /** Where to reach its signaling endpoint: the address its mDNS answer came from. */
  host: string
  port: number
  protocolVersion: number
  /** When an answer from it was last received (ms since the epoch). */
  lastSeen: number
  /** The DNS-SD instance (`<name>._fleetdesk._tcp.local`): the key agents are tracked by. */
  fqdn: string
}

export interface DiscoveryEvents {
  /** An agent appeared, or its address, port or TXT changed. */
  up: DiscoveredAgent
  /** An agent said goodbye, or stopped answering. */
  down: DiscoveredAgent
  /** A socket error (the browser keeps going). */
  error: Error
}

export interface DiscoveryBrowserOptions {
  /** Socket options; defaults to resolveMdnsOptions() (FLEETDESK_MDNS_INTERFACE, else loopback). */
  mdns?: MdnsOptions
  /** How often to ask again who is there (ms). */
  queryIntervalMs?: number
  /** An agent that has not answered for this long is gone (ms); defaults to three queries and a second. */
  staleAfterMs?: number
}

/**
 * Browses for `_fleetdesk._tcp` agents. Arrivals come from the agents' announcements and from the
 * answers to our queries (a browser started after the agent finds it in milliseconds). Departures
 * come two ways: an agent that stops says goodbye (TTL 0 records) and is dropped at once; an agent
 * that crashed or lost the network is dropped when it has not answered a query for `staleAfterMs`.
 * bonjour-service's own browser cannot do the latter: it asks only once, never refreshes a service it
 * already knows, and its records live for 75 minutes to 8 hours. So a fresh short-lived browser
 * re-asks every `queryIntervalMs`, and every answer it hears refreshes `lastSeen`.
 */
export class DiscoveryBrowser {
  private readonly events = new Emitter<DiscoveryEvents>()
  private readonly found = new Map<string, DiscoveredAgent>()
  private readonly queryIntervalMs: number
  private readonly staleAfterMs: number
  private readonly mdns: MdnsOptions
  private bonjour: Bonjour | null = null
  private main: Browser | null = null
  private probe: Browser | null = null
  private timer: NodeJS.Timeout | undefined

  constructor(options: DiscoveryBrowserOptions = {}) {
    this.mdns = options.mdns ?? resolveMdnsOptions()
    this.queryIntervalMs = options.queryIntervalMs ?? 5000
    this.staleAfterMs = options.staleAfterMs ?? this.queryIntervalMs * 3 + 1000
  }

  on<E extends keyof DiscoveryEvents>(event: E, listener: (payload: DiscoveryEvents[E]) => void): () => void {
    return this.events.on(event, listener)
  }

  /** The agents currently known. */
  get agents(): DiscoveredAgent[] {
    return [...this.found.values()]
  }

  start(): void {
    if (this.bonjour) return
    const bonjour = createBonjour(this.mdns, (error) => this.events.emit('error', error))
    this.bonjour = bonjour
    const main = bonjour.find({ type: FLEETDESK_SERVICE_TYPE, protocol: 'tcp' })
    main.on('up', (service) => this.seen(service))
    main.on('srv-update', (service) => this.seen(service))
    main.on('txt-update', (service) => this.seen(service))
    main.on('down', (service) => this.remove(service.fqdn))
    this.main = main
    this.timer = setInterval(() => this.sweep(), this.queryIntervalMs)
    this.timer.unref()
  }

  /** Asks the network again now (e.g. when the user opens the discovery view). */
  refresh(): void {
    if (!this.bonjour) return
    this.probe?.stop()
    // A new browser knows nothing yet, so it reports every agent that answers its query.
    const probe = this.bonjour.find({ type: FLEETDESK_SERVICE_TYPE, protocol: 'tcp' })
    probe.on('up', (service) => this.seen(service))
    this.probe = probe
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer)
    this.main?.stop()
    this.probe?.stop()
    this.main = null
    this.probe = null
    const bonjour = this.bonjour
    this.bonjour = null
    this.found.clear()
    if (bonjour) await new Promise<void>((resolve) => bonjour.destroy(() => resolve()))
  }

  private sweep(): void {
    const now = Date.now()
    for (const agent of [...this.found.values()]) {
      if (now - agent.lastSeen > this.staleAfterMs) this.remove(agent.fqdn)
    }
    this.refresh()
  }

  private seen(service: Service): void {
    const identity = decodeTxt(service.txt)
    const host = service.referer?.address ?? service.addresses?.[0]
    if (!identity || !host || !service.fqdn) return
    const agent: DiscoveredAgent = {
      ...identity,
      host,
      port: service.port,
      lastSeen: service.lastSeen ?? Date.now(),
      fqdn: service.fqdn,
    }
    const known = this.found.get(agent.fqdn)
    this.found.set(agent.fqdn, agent)
    const changed =
      !known ||
      known.host !== agent.host ||
      known.port !== agent.port ||
      known.partId !== agent.partId ||
      known.machineName !== agent.machineName ||
      known.protocolVersion !== agent.protocolVersion
    if (changed) this.events.emit('up', agent)
  }

  private remove(fqdn: string): void {
    const agent = this.found.get(fqdn)
    if (!agent) return
    this.found.delete(fqdn)
    this.events.emit('down', agent)
  }
}
