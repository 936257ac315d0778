import { timingSafeEqual } from 'node:crypto'
import { BRIDGE_CLOSE, BRIDGE_PATH } from '../../shared/api/bridgeProtocol'
import { RESPONSE_SECURITY_HEADERS } from '../app/contentSecurityPolicy'

/** The headers of every browser-mode response (see contentSecurityPolicy.ts). */
export const SECURITY_HEADERS = RESPONSE_SECURITY_HEADERS

/** The names the server answers to: the loopback address it listens on, in every spelling. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
}

/**
 * Whether the Host header names this server. A web page on any domain can make its name resolve to
 * 127.0.0.1 (DNS rebinding) and then talk to the server as same-origin; it cannot make the browser
 * send a loopback Host, so a foreign Host is refused before anything is served.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase())
}

export function misdirectedMessage(port: number): string {
  return `Fleetdesk answers only at http://127.0.0.1:${port}/ (or localhost:${port}); this request named another host.\n`
}

export interface UpgradeRequest {
  url: string | undefined
  host: string | undefined
  origin: string | undefined
}

/** What to do with a WebSocket upgrade request. */
export type UpgradeDecision =
  | { kind: 'accept' }
  /** Refused before the handshake, with an HTTP status and a plain-text body. */
  | { kind: 'refuse'; status: 403 | 404 | 421; message: string }
  /** Let in and closed at once, so that the page learns why (see BRIDGE_CLOSE). */
  | { kind: 'close'; code: number; reason: string }

/**
 * Decides an upgrade to the bridge: the loopback Host, the bridge path, a same-origin Origin (a page
 * elsewhere gets a bare 403 and learns nothing), then the per-launch token, compared in constant time.
 */
export function decideUpgrade(req: UpgradeRequest, port: number, token: string): UpgradeDecision {
  if (!isAllowedHost(req.host, port))
    return { kind: 'refuse', status: 421, message: misdirectedMessage(port) }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== BRIDGE_PATH) return { kind: 'refuse', status: 404, message: 'not found\n' }
  const origins = allowedHosts(port).map((h) => `http://${h}`)
  if (req.origin === undefined || !origins.includes(req.origin)) {
    return { kind: 'refuse', status: 403, message: 'This socket is for the Fleetdesk page only.\n' }
  }
  const given = url.searchParams.get('token') ?? ''
  if (given === '') {
    return { kind: 'close', code: BRIDGE_CLOSE.tokenMissing, reason: 'the address has no token' }
  }
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { kind: 'close', code: BRIDGE_CLOSE.tokenRefused, reason: 'token not valid for this launch' }
  }
  return { kind: 'accept' }
}

/** A raw HTTP response for an upgrade refused before the handshake (there is no ServerResponse then). */
export function rawHttpResponse(status: 403 | 404 | 421, message: string): string {
  const text = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' }[status]
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(message)),
    connection: 'close',
  }
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`)
  return `HTTP/1.1 ${status} ${text}\r\n${lines.join('\r\n')}\r\n\r\n${message}`
}
