/**
 * Which ICE candidates a session may advertise and accept, by network. wrtc offers every address of
 * the machine (VPNs, docker bridges, the office LAN); a factory may want sessions only on the robot
 * network, and tests must stay on loopback. Applied in the signaling layer to both the offer and the
 * answer, so neither side learns, or tries, an address outside the allowed networks.
 *
 * Pure TypeScript (no Node imports): the desktop and the agent both use it.
 */

/** A parsed setting: `all`, or a list of address ranges. */
export interface AllowedNetworks {
  readonly all: boolean
  readonly ranges: readonly AddressRange[]
  /** The setting as given, for messages and logs. */
  readonly setting: string
}

export interface AddressRange {
  readonly family: 4 | 6
  readonly base: bigint
  readonly prefix: number
}

/** Named networks a setting may use besides CIDRs and single addresses. */
const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
}

/**
 * Parses a setting such as `loopback`, `127.0.0.0/8`, `192.168.10.0/24, loopback`, `10.1.2.3` or
 * `all`. Entries are separated by commas or spaces. Throws with the offending entry when one is not
 * understood: a typo must not silently open (or close) every network.
 */
export function parseAllowedNetworks(setting: string): AllowedNetworks {
  const entries = setting
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '')
  if (entries.length === 0)
    throw new Error('candidate filter: empty setting (use "all" to allow every network)')
  const ranges: AddressRange[] = []
  let all = false
  for (const entry of entries) {
    if (entry === 'all') {
      all = true
      continue
    }
    for (const cidr of NAMED[entry] ?? [entry]) {
      const range = parseRange(cidr)
      if (!range)
        throw new Error(
          `candidate filter: "${entry}" is not all, loopback, private, link-local, an address or a CIDR`,
        )
      ranges.push(range)
    }
  }
  return { all, ranges, setting }
}

/** Whether an address (IPv4 or IPv6, zone id allowed) lies in one of the allowed networks. */
export function isAddressAllowed(address: string, networks: AllowedNetworks): boolean {
  if (networks.all) return true
  const parsed = parseAddress(address)
  if (!parsed) return false // hostnames (mDNS-obfuscated `*.local` candidates) cannot be checked
  return networks.ranges.some(
    (r) =>
      r.family === parsed.family &&
      parsed.value >> BigInt(bits(r.family) - r.prefix) === r.base >> BigInt(bits(r.family) - r.prefix),
  )
}

/**
 * Removes `a=candidate` lines whose address is not allowed, and rewrites each media section's
 * default address (`c=`, the `m=` port, `a=rtcp`) when it names a removed address, so that the SDP
 * handed on never mentions one. The line endings of the input are kept.
 */
export function filterSdpCandidates(sdp: string, networks: AllowedNetworks): string {
  if (networks.all) return sdp
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n'
  const lines = sdp.split(/\r?\n/)
  const out: string[] = []
  // Work per media section: its default address must be one of its own kept candidates.
  let section: string[] = []
  const flush = (): void => {
    out.push(...rewriteSection(section, networks))
    section = []
  }
  for (const line of lines) {
    if (line.startsWith('m=')) flush()
    section.push(line)
  }
  flush()
  return out.join(eol)
}

interface Candidate {
  address: string
  port: string
  priority: number
}

function parseCandidate(line: string): Candidate | null {
  // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
  const fields = line.slice('a=candidate:'.length).split(' ')
  const address = fields[4]
  const port = fields[5]
  const priority = Number(fields[3])
  if (address === undefined || port === undefined || !Number.isFinite(priority)) return null
  return { address, port, priority }
}

function rewriteSection(lines: string[], networks: AllowedNetworks): string[] {
  const kept: string[] = []
  let best: Candidate | null = null
  for (const line of lines) {
    if (line.startsWith('a=candidate:')) {
      const candidate = parseCandidate(line)
      if (!candidate || !isAddressAllowed(candidate.address, networks)) continue
      // UDP candidates have higher priorities than TCP ones, so the default is a UDP one when any.
      if (!best || candidate.priority > best.priority) best = candidate
    }
    kept.push(line)
  }
  const shown = (address: string | undefined): boolean =>
    address === undefined || isUnspecified(address) || isAddressAllowed(address, networks)
  const connection = kept.find((l) => l.startsWith('c=IN '))
  const moveDefault = connection !== undefined && !shown(connection.split(' ')[2])
  return kept.map((line) => {
    if (moveDefault && line.startsWith('c=IN ')) {
      return best ? `c=IN ${ipFamily(best.address)} ${best.address}` : 'c=IN IP4 0.0.0.0'
    }
    // The m= port goes with the c= address; 9 (discard) is the usual placeholder when none is kept.
    if (moveDefault && line.startsWith('m=')) {
      const parts = line.split(' ')
      parts[1] = best ? best.port : '9'
      return parts.join(' ')
    }
    if (line.startsWith('a=rtcp:') && !shown(line.split(' ')[3])) return 'a=rtcp:9 IN IP4 0.0.0.0'
    return line
  })
}

function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::'
}

function ipFamily(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4'
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128
}

function parseRange(text: string): AddressRange | null {
  const [addressText, prefixText, extra] = text.split('/')
  if (addressText === undefined || extra !== undefined) return null
  const address = parseAddress(addressText)
  if (!address) return null
  const max = bits(address.family)
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null
  return { family: address.family, base: address.value, prefix }
}

/** Parses a dotted IPv4 or an IPv6 address (with `::`, an embedded IPv4 tail or a `%zone`). */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseIPv4(text)
  if (v4 !== null) return { family: 4, value: v4 }
  const v6 = parseIPv6(text)
  if (v6 !== null) return { family: 6, value: v6 }
  return null
}

function parseIPv4(text: string): bigint | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null
    const n = Number(part)
    if (n > 255) return null
    value = (value << 8n) | BigInt(n)
  }
  return value
}

function parseIPv6(input: string): bigint | null {
  const text = input.replace(/^\[|\]$/g, '').split('%')[0] ?? ''
  if (!text.includes(':')) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (half: string | undefined): number[] | null => {
    if (half === undefined || half === '') return []
    const out: number[] = []
    const parts = half.split(':')
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? ''
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part)
        if (v4 === null) return null
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        out.push(parseInt(part, 16))
      } else {
        return null
      }
    }
    return out
  }
  const head = groups(halves[0])
  const tail = groups(halves[1])
  if (!head || !tail) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const all = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail]
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)
}
