import type { Bonjour, Service } from 'bonjour-service'
import { createBonjour } from '../../net/mdns/createBonjour'
import {
  encodeTxt,
  FLEETDESK_SERVICE_TYPE,
  instanceName,
  type AgentIdentity,
} from '../../net/mdns/fleetdeskService'
import { resolveMdnsOptions, type MdnsOptions } from '../../net/mdns/mdnsOptions'

export interface MdnsTransportOptions {
  /** Socket options; defaults to resolveMdnsOptions() (FLEETDESK_MDNS_INTERFACE, else loopback). */
  mdns?: MdnsOptions
  /** The signaling port to advertise; a function when it is known only once that server listens. */
  port: number | (() => number)
  identity: () => AgentIdentity
  /** Reports socket errors; bonjour-service would throw them otherwise. */
  onError?: (error: Error) => void
}

export interface MdnsTransport {
  start(agent?: unknown): Promise<void>
  stop(): Promise<void>
}

/**
 * Advertises the agent as `_fleetdesk._tcp` (see fleetdeskService.ts) on the chosen interface only.
 * bonjour-service answers standard DNS-SD queries (a PTR for `_fleetdesk._tcp.local` gets PTR, SRV,
 * TXT and A records), so Avahi or `dns-sd -B` see the agent too. Stopping sends the goodbye (TTL 0)
 * records before closing the socket, so browsers drop the agent at once.
 */
export function createMdnsTransport(options: MdnsTransportOptions): MdnsTransport {
  let bonjour: Bonjour | null = null
  let service: Service | null = null

  return {
    async start() {
      if (bonjour) throw new Error('mdns transport already started')
      const mdns = options.mdns ?? resolveMdnsOptions()
      const identity = options.identity()
      const instance = createBonjour(mdns, (error) => options.onError?.(error))
      bonjour = instance
      const published = instance.publish({
        name: instanceName(identity),
        type: FLEETDESK_SERVICE_TYPE,
        protocol: 'tcp',
        port: typeof options.port === 'function' ? options.port() : options.port,
        txt: encodeTxt(identity),
        // The name carries the part id, so it is unique by construction: skipping the probe makes the
        // agent visible about 750 ms sooner.
        probe: false,
      })
      service = published
      // 'up' follows the first announcement leaving the socket.
      await new Promise<void>((resolve) => {
        if (published.published) resolve()
        else published.once('up', () => resolve())
      })
    },
    async stop() {
      const instance = bonjour
      const published = service
      bonjour = null
      service = null
      if (!instance) return
      if (published) await new Promise<void>((resolve) => published.stop(() => resolve()))
      await new Promise<void>((resolve) => instance.destroy(() => resolve()))
    },
  }
}
