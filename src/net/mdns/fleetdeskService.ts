/**
 * The DNS-SD record an agent advertises and the desktop browses: `_fleetdesk._tcp.local`, port = the
 * agent's signaling HTTP port, TXT `v=<protocol version>`, `part=<part id>`, `name=<machine name>`.
 * Pure TypeScript, used by both the agent (advertising) and the desktop (browsing).
 */

/** The service type as bonjour-service takes it (it adds the underscores and `._tcp`). */
export const FLEETDESK_SERVICE_TYPE = 'fleetdesk'
/** The full DNS-SD name, as a plain DNS-SD browser asks for it (a PTR query). */
export const FLEETDESK_SERVICE_DOMAIN = '_fleetdesk._tcp.local'

export interface AgentIdentity {
  partId: string
  machineName: string
  protocolVersion: number
}

export type FleetdeskTxt = { v: string; part: string; name: string }

export function encodeTxt(identity: AgentIdentity): FleetdeskTxt {
  return { v: String(identity.protocolVersion), part: identity.partId, name: identity.machineName }
}

/** Reads the TXT of a discovered service; null when it is not a Fleetdesk agent's. */
export function decodeTxt(txt: unknown): AgentIdentity | null {
  if (typeof txt !== 'object' || txt === null) return null
  const { v, part, name } = txt as Record<string, unknown>
  if (typeof part !== 'string' || part === '' || typeof v !== 'string' || !/^\d{1,6}$/.test(v)) return null
  return { partId: part, machineName: typeof name === 'string' ? name : '', protocolVersion: Number(v) }
}

/**
 * The DNS-SD instance name: readable in any browser (Avahi, dns-sd), and unique because it carries the
 * part id, which is what lets the agent skip the 750 ms name probe. At most 63 bytes, as DNS labels
 * are; dots become dashes because bonjour-service would do so anyway.
 */
export function instanceName(identity: AgentIdentity): string {
  const bytes = (text: string): number => new TextEncoder().encode(text).length
  const suffix = ` [${identity.partId}]`
  const budget = 63 - bytes(suffix)
  if (budget < 1) return [...identity.partId.replace(/\./g, '-')].slice(0, 63).join('')
  // Trimmed by code point, so a name never ends in half a character.
  const chars = [...identity.machineName.replace(/\./g, '-')]
  while (chars.length > 0 && bytes(chars.join('')) > budget) chars.pop()
  return chars.join('') + suffix
}
