import { networkInterfaces } from 'node:os'

/** Socket options for bonjour-service / multicast-dns. */
export interface MdnsOptions {
  /** The interface address multicast is joined on and sent from; undefined means every interface. */
  interface?: string
  bind: string
}

export const MDNS_INTERFACE_ENV = 'FLEETDESK_MDNS_INTERFACE'
export const DEFAULT_MDNS_INTERFACE = '127.0.0.1'

type Interfaces = ReturnType<typeof networkInterfaces>

/**
 * Resolves the mDNS interface from the environment (`FLEETDESK_MDNS_INTERFACE`, which wins so that a
 * test or simulator run can force loopback whatever the stored setting says), then the setting, then
 * loopback. The default is loopback on purpose: multicast-dns's own default joins and sends on every
 * interface, and nothing should reach a real network unless someone chose that network. A setting
 * is an IPv4 address of this machine, an interface name (`eth0`, resolved to its IPv4 address), or
 * `all` to opt into every interface.
 *
 * `bind` is always 0.0.0.0: bound to the interface address alone, the socket receives no multicast.
 */
export function resolveMdnsOptions(
  setting?: string,
  env: Record<string, string | undefined> = process.env,
  interfaces: Interfaces = networkInterfaces(),
): MdnsOptions {
  const chosen = (env[MDNS_INTERFACE_ENV] ?? '').trim() || (setting ?? '').trim() || DEFAULT_MDNS_INTERFACE
  if (chosen === 'all') return { bind: '0.0.0.0' }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(chosen)) return { interface: chosen, bind: '0.0.0.0' }
  const named = interfaces[chosen]?.find((a) => a.family === 'IPv4')
  if (named) return { interface: named.address, bind: '0.0.0.0' }
  throw new Error(
    `mDNS interface "${chosen}" is neither an IPv4 address, the name of an interface with one, nor "all"`,
  )
}
