import type { CoreEventName, CoreEvents, CoreMethodName } from './contract'
import type { Reply } from '../errors/CoreError'

/**
 * Browser mode carries the core contract over one WebSocket at `/api?token=<T>` on 127.0.0.1.
 * The server refuses the upgrade (HTTP 403) for a foreign Origin and (HTTP 421) for a Host that is
 * not the loopback address. A same-origin page with a missing or wrong token is let in and at once
 * closed with BRIDGE_CLOSE.tokenMissing or tokenRefused: a browser sees nothing of an HTTP refusal,
 * only a close, so this is the one way the page can tell "not allowed" from "not running".
 */
export const BRIDGE_PATH = '/api'

/**
 * The largest message either side sends (UTF-8 bytes of one request or reply). The server closes a
 * connection that sends more with BRIDGE_CLOSE.messageTooBig; the page refuses such a call before
 * sending it, so a user sees which config is too large instead of a dropped connection.
 */
export const BRIDGE_MAX_MESSAGE_BYTES = 32 * 1024 * 1024

/** Close codes of the bridge socket: RFC 6455's for bad frames, 44xx (private use) for the token. */
export const BRIDGE_CLOSE = {
  /** A frame that breaks the WebSocket protocol (reserved bits or opcodes, an unmasked frame...). */
  protocolError: 1002,
  /** A binary frame: the bridge speaks JSON text only. */
  unsupportedData: 1003,
  /** A text frame that is not UTF-8, or not a bridge request. */
  invalidPayload: 1007,
  /** A message over BRIDGE_MAX_MESSAGE_BYTES. */
  messageTooBig: 1009,
  /** The address was opened without `?token=`. */
  tokenMissing: 4401,
  /** The token is not this launch's (a page left open from an earlier run, a mistyped link). */
  tokenRefused: 4403,
} as const

export interface BridgeRequest {
  id: number
  method: CoreMethodName
  params: unknown
}

export type BridgeMessage =
  | { kind: 'reply'; id: number; reply: Reply<unknown> }
  | { [E in CoreEventName]: { kind: 'event'; event: E; payload: CoreEvents[E] } }[CoreEventName]

/**
 * The UTF-8 length of a string, without encoding it: the carrier checks every message against
 * BRIDGE_MAX_MESSAGE_BYTES, and a config of megabytes should not be copied to be measured.
 */
export function utf8ByteLength(text: string): number {
  // Configs are mostly ASCII, and a native scan for anything else is many times faster than the loop.
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4 // a surrogate pair: one code point of four bytes
        i += 1
      } else bytes += 3 // a lone surrogate is sent as U+FFFD, three bytes
    } else bytes += 3
  }
  return bytes
}
