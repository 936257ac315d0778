/** Socket options for bonjour-service / multicast-dns. */
export interface MdnsOptions {
  /** The interface address multicast is joined on and sent from; undefined means every interface. */
  interface?: string
  bind: string
}

export const MDNS_INTERFACE_ENV = 'FLEETDESK_MDNS_INTERFACE'
export const DEFAULT_MDNS_INTERFACE = '127.0.0.1'

/**
 * Resolves the mDNS interface from the environment (`FLEETDESK_MDNS_INTERFACE`, which wins so that a
 * test or simulator run can force loopback whatever the stored setting says), then the setting, then
 * loopback. The default is loopback on purpose: multicast-dns's own default joins and sends on every
 * interface, and nothing should reach a real network unless someone chose that network. `all` opts
 * into that default; otherwise give the address of the interface facing the robots.
 *
 * `bind` is always 0.0.0.0: bound to the interface address alone, the socket receives no multicast.
 */
export function resolveMdnsOptions(
  setting?: string,
  env: Record<string, string | undefined> = process.env,
): MdnsOptions {
  const chosen = (env[MDNS_INTERFACE_ENV] ?? '').trim() || (setting ?? '').trim() || DEFAULT_MDNS_INTERFACE
  if (chosen === 'all') return { bind: '0.0.0.0' }
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(chosen)) {
    throw new Error(`mDNS interface must be an IPv4 address of this machine or "all", not "${chosen}"`)
  }
  return { interface: chosen, bind: '0.0.0.0' }
}
