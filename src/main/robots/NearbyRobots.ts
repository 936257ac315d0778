import type { MdnsOptions } from '../../net/mdns/mdnsOptions'
import { DiscoveryBrowser, type DiscoveredAgent } from './discovery/DiscoveryBrowser'

/**
 * The robots discovery sees on the LAN now, by part id. A part seen under two instance names (an
 * agent restarted with another name) is the newest one; a departure removes it only if it is the
 * one shown.
 */
export class NearbyRobots {
  private readonly found = new Map<string, DiscoveredAgent>()
  private browser: DiscoveryBrowser | null = null

  /** `onChange` runs after each arrival, move or departure. */
  constructor(private readonly onChange: () => void) {}

  async start(mdns: MdnsOptions): Promise<void> {
    if (this.browser) return
    const browser = new DiscoveryBrowser({ mdns })
    browser.on('up', (agent) => {
      this.found.set(agent.partId, agent)
      this.onChange()
    })
    browser.on('down', (agent) => {
      if (this.found.get(agent.partId)?.fqdn === agent.fqdn) this.found.delete(agent.partId)
      this.onChange()
    })
    browser.on('error', (err) => console.error('discovery:', err.message))
    browser.start()
    this.browser = browser
  }

  /** Stops browsing; what it saw is forgotten until seen again (a new interface sees other robots). */
  async stop(): Promise<void> {
    await this.browser?.dispose()
    this.browser = null
    if (this.found.size === 0) return
    this.found.clear()
    this.onChange()
  }

  get(partId: string): DiscoveredAgent | undefined {
    return this.found.get(partId)
  }

  list(): DiscoveredAgent[] {
    return [...this.found.values()]
  }
}
