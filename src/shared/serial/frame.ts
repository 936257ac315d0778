import { crc32 } from '../codec/crc32'
import { cobsEncode, cobsMaxEncodedLength } from './cobs'

// The serial link's frame (docs/serial-protocol.md): 0x00, COBS(payload || CRC-32(payload)), 0x00.
// The CRC is the IEEE one (zlib's), sent little-endian (least significant byte first), as zlib,
// Ethernet and most microcontroller CRC units produce it. The payload is one UTF-8 JSON-RPC message.

/** The largest payload a frame may carry (1 MiB): bigger frames are dropped as `oversized`. */
export const MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024

/** The CRC-32 trailer's length. */
export const FRAME_CRC_BYTES = 4

export const FRAME_DELIMITER = 0x00

/** The longest COBS segment (between the delimiters) a payload of `maxPayload` bytes can need. */
export function maxEncodedFrameBytes(maxPayload: number = MAX_FRAME_PAYLOAD_BYTES): number {
  return cobsMaxEncodedLength(maxPayload + FRAME_CRC_BYTES)
}

/** payload || CRC-32(payload) little-endian: what COBS encodes. */
export function withCrc(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + FRAME_CRC_BYTES)
  out.set(payload)
  const crc = crc32(payload)
  out[payload.length] = crc & 0xff
  out[payload.length + 1] = (crc >>> 8) & 0xff
  out[payload.length + 2] = (crc >>> 16) & 0xff
  out[payload.length + 3] = (crc >>> 24) & 0xff
  return out
}

/** One frame as it goes on the wire, delimiters included. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const encoded = cobsEncode(withCrc(payload))
  const out = new Uint8Array(encoded.length + 2)
  out[0] = FRAME_DELIMITER
  out.set(encoded, 1)
  out[out.length - 1] = FRAME_DELIMITER
  return out
}

const encoder = new TextEncoder()

/** A message (UTF-8) as a frame on the wire. */
export function encodeMessageFrame(message: string): Uint8Array {
  return encodeFrame(encoder.encode(message))
}

/** Whether the decoded bytes (payload || CRC) carry a matching CRC trailer. */
export function crcMatches(decoded: Uint8Array): boolean {
  if (decoded.length < FRAME_CRC_BYTES + 1) return false
  const n = decoded.length - FRAME_CRC_BYTES
  const sent =
    ((decoded[n] as number) |
      ((decoded[n + 1] as number) << 8) |
      ((decoded[n + 2] as number) << 16) |
      ((decoded[n + 3] as number) << 24)) >>>
    0
  return crc32(decoded, 0, n) === sent
}
