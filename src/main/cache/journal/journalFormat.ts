import { crc32 } from '../../../shared/codec/crc32'

/**
 * Journal segment files hold frames `[u32 LE payload length][u32 LE CRC-32 of payload][payload]`,
 * the payload being one JSON record. A crash can leave a torn frame at the end of the last segment
 * (short header, short payload, or bytes that never reached the disk); the CRC detects it, and the
 * reader keeps every frame before it.
 */
export const FRAME_HEADER_BYTES = 8
/** Larger lengths are garbage, not records: a machine config is kilobytes. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024

const SEGMENT_PATTERN = /^journal-(\d{12})\.log$/

/** Segments are named after the first record seq they hold, zero-padded so names sort by seq. */
export function segmentFileName(firstSeq: number): string {
  return `journal-${String(firstSeq).padStart(12, '0')}.log`
}

export function parseSegmentFileName(name: string): number | null {
  const match = SEGMENT_PATTERN.exec(name)
  return match ? Number(match[1]) : null
}

/** Frames one record given as its JSON text. */
export function encodeFrame(recordJson: string): Buffer {
  const payload = Buffer.from(recordJson, 'utf8')
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length)
  frame.writeUInt32LE(payload.length, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  payload.copy(frame, FRAME_HEADER_BYTES)
  return frame
}

/**
 * What every journal record carries; the records themselves (JournalRecord) are the cache's
 * vocabulary, defined beside its types, so this folder knows only frames and segments.
 */
export interface FramedRecord {
  seq: number
  kind: string
}

export interface DecodedFrames<R extends FramedRecord = FramedRecord> {
  records: R[]
  /** Bytes from the start of the segment up to the end of the last good frame. */
  validBytes: number
  /** Why decoding stopped before the end, or null when every byte was a good frame. */
  error: string | null
}

/** Decodes a segment's frames; a record's shape beyond `seq` and `kind` is the writer's (R). */
export function decodeFrames<R extends FramedRecord = FramedRecord>(bytes: Uint8Array): DecodedFrames<R> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: R[] = []
  let offset = 0
  const stop = (error: string): DecodedFrames<R> => ({ records, validBytes: offset, error })
  while (offset < bytes.length) {
    if (bytes.length - offset < FRAME_HEADER_BYTES)
      return stop(`a torn frame header (${bytes.length - offset} bytes)`)
    const length = view.getUint32(offset, true)
    const crc = view.getUint32(offset + 4, true)
    if (length === 0 || length > MAX_RECORD_BYTES) return stop(`an impossible frame length (${length})`)
    const start = offset + FRAME_HEADER_BYTES
    const end = start + length
    if (end > bytes.length) return stop(`a torn frame (${bytes.length - start} of ${length} bytes)`)
    if (crc32(bytes, start, end) !== crc) return stop('a frame whose checksum does not match')
    let record: R
    try {
      record = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('utf8')) as R
    } catch {
      return stop('a frame that is not JSON')
    }
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.seq !== 'number' ||
      typeof record.kind !== 'string'
    ) {
      return stop('a frame that is not a journal record')
    }
    records.push(record)
    offset = end
  }
  return { records, validBytes: offset, error: null }
}
