// The two network settings a user chooses in the app, checked with reasons a technician can act
// on: which interface discovery (mDNS) uses, and which networks WebRTC may use to reach robots.
// Pure TypeScript (no Node), so the settings dialog and the core check them the same way. The core
// applies them with resolveMdnsOptions (src/net/mdns) and parseAllowedNetworks
// (src/net/webrtc/candidateFilter.ts); tests/shared/config checks that every value accepted here is
// accepted there.

/** One address of one interface of this computer, as the core lists them (os.networkInterfaces). */
export interface NetworkInterfaceView {
  name: string
  address: string
  family: 'IPv4' | 'IPv6'
  /** Loopback (127.0.0.1, ::1): reachable from this computer only. */
  internal: boolean
}

/** What discovery does now, for the dialog to say. */
export interface DiscoveryStatus {
  /** The saved setting. */
  setting: string
  /** The IPv4 address multicast is joined on; null when every interface ("all") or not running. */
  address: string | null
  /** FLEETDESK_MDNS_INTERFACE, when set: it wins over the setting (tests and the simulator use it). */
  envOverride: string | null
  running: boolean
  /** Why discovery is not running, when it failed to start. */
  error: string | null
}

export interface NetworkInfo {
  interfaces: NetworkInterfaceView[]
  discovery: DiscoveryStatus
}

export type SettingCheck = { ok: true; value: string } | { ok: false; message: string }

export const DEFAULT_DISCOVERY_INTERFACE = '127.0.0.1'
export const DEFAULT_ICE_NETWORKS = 'loopback'
export const SAFE_DEFAULT_TEXT = 'Loopback only: nothing leaves this computer until you choose a network.'

/** Named networks, as candidateFilter.ts defines them. */
export const NAMED_NETWORKS: Readonly<Record<string, string>> = {
  loopback: '127.0.0.0/8 and ::1, this computer only',
  private: '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and fc00::/7: local networks, not the internet',
  'link-local': '169.254.0.0/16 and fe80::/10: a cable straight to a robot, no DHCP',
  all: 'every network, the internet included',
}

const IPV4_SHAPE = /^\d+(\.\d+)*$/

/** Why a dotted IPv4 address is wrong, or null when it is right. */
function ipv4Problem(text: string): string | null {
  const parts = text.split('.')
  if (parts.length !== 4) return `${text}: an IPv4 address has four numbers (such as 192.168.1.20)`
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return `${text}: ${part} is not a number from 0 to 255`
  }
  return null
}

/** Why an IPv6 address is wrong, or null when it is right (`::`, a v4 tail and a `%zone` allowed). */
function ipv6Problem(input: string): string | null {
  const text = input.split('%')[0] ?? ''
  const bad = `${input}: not an IPv6 address (such as fd00::1)`
  const halves = text.split('::')
  if (halves.length > 2) return `${input}: "::" may appear once in an IPv6 address`
  let groups = 0
  for (const [h, half] of halves.entries()) {
    if (half === '') continue
    const parts = half.split(':')
    for (const [i, part] of parts.entries()) {
      const last = h === halves.length - 1 && i === parts.length - 1
      if (last && part.includes('.')) {
        if (ipv4Problem(part)) return bad
        groups += 2
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) groups += 1
      else return bad
    }
  }
  if (halves.length === 1 ? groups !== 8 : groups > 7) return bad
  return null
}

/** Why one entry of the WebRTC networks setting is wrong, or null. */
function iceEntryProblem(entry: string): string | null {
  if (entry in NAMED_NETWORKS) return null
  const [address = '', prefix, extra] = entry.split('/')
  if (extra !== undefined) return `${entry}: a network has one "/" (such as 192.168.1.0/24)`
  const v6 = address.includes(':')
  if (!v6 && !IPV4_SHAPE.test(address))
    return `${entry}: not loopback, private, link-local, all, an address or a CIDR such as 192.168.1.0/24`
  const problem = v6 ? ipv6Problem(address) : ipv4Problem(address)
  if (problem) return problem
  if (prefix === undefined) return null
  const max = v6 ? 128 : 32
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)
    return `${entry}: the prefix after "/" must be a number from 0 to ${max} for an ${v6 ? 'IPv6' : 'IPv4'} network`
  return null
}

/**
 * Checks the networks WebRTC may use: `loopback`, `private`, `link-local`, `all`, addresses and
 * CIDRs, separated by commas or spaces. The value is normalized (lower case, ", " between entries).
 */
export function checkIceNetworks(text: string): SettingCheck {
  const entries = text
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '')
  if (entries.length === 0)
    return { ok: false, message: 'Name at least one network (loopback keeps sessions on this computer).' }
  for (const entry of entries) {
    const problem = iceEntryProblem(entry)
    if (problem) return { ok: false, message: problem }
  }
  return { ok: true, value: entries.join(', ') }
}

/**
 * Checks the discovery interface against this computer's interfaces: `all`, one of its IPv4
 * addresses, or the name of an interface that has one (mDNS here is IPv4 multicast).
 */
export function checkDiscoveryInterface(
  text: string,
  interfaces: readonly NetworkInterfaceView[],
): SettingCheck {
  const value = text.trim()
  if (value === '') return { ok: false, message: 'Choose an interface, or "all" for every interface.' }
  if (value.toLowerCase() === 'all') return { ok: true, value: 'all' }
  const v4 = interfaces.filter((i) => i.family === 'IPv4')
  const known = v4.map((i) => `${i.address} (${i.name})`).join(', ') || 'none'
  if (IPV4_SHAPE.test(value)) {
    const problem = ipv4Problem(value)
    if (problem) return { ok: false, message: problem }
    if (!v4.some((i) => i.address === value))
      return {
        ok: false,
        message: `${value} is not an address of this computer. Its IPv4 addresses: ${known}.`,
      }
    return { ok: true, value }
  }
  if (value.includes(':'))
    return {
      ok: false,
      message: `${value}: discovery uses IPv4. Choose an IPv4 address or an interface name (${known}).`,
    }
  if (!interfaces.some((i) => i.name === value))
    return {
      ok: false,
      message: `This computer has no interface named "${value}". Its interfaces: ${known}.`,
    }
  if (!v4.some((i) => i.name === value))
    return { ok: false, message: `Interface "${value}" has no IPv4 address, which discovery needs.` }
  return { ok: true, value }
}

/** A sentence for what a valid WebRTC networks value allows. */
export function describeIceNetworks(value: string): string {
  const entries = value.split(/[\s,]+/).filter((e) => e !== '')
  if (entries.length === 1 && entries[0] === 'loopback') return SAFE_DEFAULT_TEXT
  if (entries.includes('all')) return 'Every network, the internet included: sessions may use any address.'
  return `Sessions may use: ${entries.map((e) => NAMED_NETWORKS[e] ?? e).join('; ')}.`
}
