import { cobsDecode } from './cobs'
import {
  crcMatches,
  FRAME_CRC_BYTES,
  FRAME_DELIMITER,
  MAX_FRAME_PAYLOAD_BYTES,
  maxEncodedFrameBytes,
} from './frame'
import { looksLikeText } from './looksLikeText'

export type FrameDropReason = 'badCrc' | 'badCobs' | 'oversized'

/** What a chunk of received bytes turned out to hold, in arrival order. */
export type FrameEvent =
  | { kind: 'frame'; payload: Uint8Array }
  /** Bytes that were not a valid frame: text a device printed, or the bytes of a dropped frame. */
  | { kind: 'console'; bytes: Uint8Array }
  /** A frame attempt that was dropped; its bytes follow as a `console` event (nothing is lost). */
  | { kind: 'dropped'; reason: FrameDropReason; bytes: number }

export interface FrameDecoderStats {
  framesDecoded: number
  framesDropped: Record<FrameDropReason, number>
  consoleBytes: number
}

export interface FrameDecoderOptions {
  /** The largest payload accepted (MAX_FRAME_PAYLOAD_BYTES by default). */
  maxPayloadBytes?: number
}

/**
 * The streaming half of the serial framing (docs/serial-protocol.md). Bytes are split at 0x00 into
 * segments, and each segment is classified once it is complete:
 *
 * 1. empty (two delimiters in a row): nothing;
 * 2. valid COBS whose content ends in a matching CRC-32, payload at least 1 byte: a `frame`;
 * 3. valid COBS whose payload starts with `{` (a JSON message damaged on the way): dropped `badCrc`;
 * 4. text (UTF-8, no odd control bytes, see looksLikeText): `console` only, no drop counted;
 * 5. anything else: dropped (`badCobs`, or `badCrc` when the COBS was valid).
 *
 * Every byte that is not part of a valid frame comes out as `console` bytes, dropped or not. A
 * segment that grows past the largest encoded frame is not kept: its bytes go to the console at
 * once (dropped as `oversized` unless they look like text), and so does the rest of it up to the
 * next 0x00. So the decoder never holds more than one maximum frame plus the chunk in hand, however
 * long a device goes without a 0x00. `flushPending()` hands on a pending segment early (the link
 * calls it when the line has been idle, so text from a device that sends no 0x00 shows promptly).
 */
export class FrameDecoder {
  readonly stats: FrameDecoderStats = {
    framesDecoded: 0,
    framesDropped: { badCrc: 0, badCobs: 0, oversized: 0 },
    consoleBytes: 0,
  }
  private readonly maxSegment: number
  private buffer = new Uint8Array(256)
  private length = 0
  /** The current segment has gone to the console already: the rest of it follows there too. */
  private passThrough = false

  constructor(options: FrameDecoderOptions = {}) {
    this.maxSegment = maxEncodedFrameBytes(options.maxPayloadBytes ?? MAX_FRAME_PAYLOAD_BYTES)
  }

  /** Bytes of the current segment held back until its end is seen. */
  get bufferedBytes(): number {
    return this.length
  }

  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = []
    let start = 0
    while (start <= chunk.length) {
      let zero = chunk.indexOf(FRAME_DELIMITER, start)
      const ended = zero >= 0
      if (!ended) zero = chunk.length
      if (zero > start) this.take(chunk, start, zero, events)
      if (!ended) break
      this.endSegment(events)
      start = zero + 1
    }
    return events
  }

  /**
   * Hands a pending segment that reads as text on as console bytes now (the line went idle; see the
   * class comment). A pending segment that is not text is kept: it can only be a frame in progress.
   */
  flushPending(): FrameEvent[] {
    const events: FrameEvent[] = []
    if (this.length === 0 || !looksLikeText(this.buffer, 0, this.length, true)) return events
    this.toConsole(this.buffer.slice(0, this.length), events)
    this.length = 0
    this.passThrough = true
    return events
  }

  private take(chunk: Uint8Array, start: number, end: number, events: FrameEvent[]): void {
    if (this.passThrough) {
      this.toConsole(chunk.slice(start, end), events)
      return
    }
    const total = this.length + (end - start)
    if (total <= this.maxSegment) {
      this.append(chunk, start, end)
      return
    }
    // Too long for any frame: hand it all on now and pass the rest of the segment through.
    const all = new Uint8Array(total)
    all.set(this.buffer.subarray(0, this.length))
    all.set(chunk.subarray(start, end), this.length)
    this.length = 0
    this.passThrough = true
    if (!looksLikeText(all, 0, all.length, true)) this.drop('oversized', all.length, events)
    this.toConsole(all, events)
  }

  private endSegment(events: FrameEvent[]): void {
    const length = this.length
    this.length = 0
    if (this.passThrough) {
      this.passThrough = false
      return
    }
    if (length === 0) return
    const segment = this.buffer.subarray(0, length)
    const decoded = cobsDecode(segment)
    if (decoded && crcMatches(decoded)) {
      this.stats.framesDecoded++
      events.push({ kind: 'frame', payload: decoded.slice(0, decoded.length - FRAME_CRC_BYTES) })
      return
    }
    const bytes = segment.slice()
    if (decoded && decoded[0] === 0x7b) this.drop('badCrc', length, events)
    else if (!looksLikeText(bytes)) this.drop(decoded ? 'badCrc' : 'badCobs', length, events)
    this.toConsole(bytes, events)
  }

  private drop(reason: FrameDropReason, bytes: number, events: FrameEvent[]): void {
    this.stats.framesDropped[reason]++
    events.push({ kind: 'dropped', reason, bytes })
  }

  private toConsole(bytes: Uint8Array, events: FrameEvent[]): void {
    if (bytes.length === 0) return
    this.stats.consoleBytes += bytes.length
    events.push({ kind: 'console', bytes })
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    const need = this.length + (end - start)
    if (need > this.buffer.length) {
      // Grows by doubling up to the largest segment, so an idle link holds little memory.
      const grown = new Uint8Array(Math.min(this.maxSegment, Math.max(need, this.buffer.length * 2)))
      grown.set(this.buffer.subarray(0, this.length))
      this.buffer = grown
    }
    this.buffer.set(chunk.subarray(start, end), this.length)
    this.length = need
  }
}
