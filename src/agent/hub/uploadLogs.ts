import { batchRefusal } from './batchRefusal'
import { hubRequest, HubCallError, type HubTarget } from './hubRequest'
import type { LogBuffer, UploadEntry } from './LogBuffer'

// One batch of buffered lines to `POST /v1/parts/:partId/logs`; acknowledged in the buffer only
// once the hub said it stored them (all or nothing), so a failure sends the same lines again. A
// batch the hub refuses for what it holds (batchRefusal) is halved until the line at fault is
// found, and that line dropped, so one bad line never blocks the queue. Lines dropped, because the
// buffer was full or the hub refused them, are reported in the next batch by warnings of their own.

export const UPLOAD_MAX_ENTRIES = 1_000
/** Well under the hub's 1 MiB default body limit. */
export const UPLOAD_MAX_BYTES = 512 * 1024

export function droppedNotice(dropped: number, time: string): UploadEntry {
  return {
    time,
    level: 'warn',
    logger: 'hub-link',
    message: `${dropped} log line${dropped === 1 ? ' was' : 's were'} dropped while the hub was away (the agent's log buffer was full; the oldest went first)`,
    fields: { dropped },
  }
}

export function refusedNotice(refused: number, reason: string, time: string): UploadEntry {
  return {
    time,
    level: 'warn',
    logger: 'hub-link',
    message: `${refused} log line${refused === 1 ? ' was' : 's were'} refused by the hub and dropped (${reason})`,
    fields: { dropped: refused, refused: true },
  }
}

export type UploadOutcome =
  | { kind: 'idle' }
  | { kind: 'sent'; lines: number }
  /** The hub refused the batch for good: `dropped` lines went, or it is tried smaller. */
  | { kind: 'refused'; dropped: number; status: number }

export class LogUploader {
  private maxEntries = UPLOAD_MAX_ENTRIES - 2

  constructor(
    private readonly target: HubTarget,
    private readonly buffer: LogBuffer,
    private readonly now: () => number,
  ) {}

  /** Uploads one batch; throws (a HubCallError) when it is to be sent again after a backoff. */
  async step(signal: AbortSignal): Promise<UploadOutcome> {
    const batch = this.buffer.peek(this.maxEntries, UPLOAD_MAX_BYTES)
    const { unreported, refused, refusedReason } = this.buffer.dropped
    if (batch.length === 0 && unreported === 0 && refused === 0) return { kind: 'idle' }
    const time = new Date(this.now()).toISOString()
    const entries = [
      ...(unreported > 0 ? [droppedNotice(unreported, time)] : []),
      ...(refused > 0 ? [refusedNotice(refused, refusedReason, time)] : []),
      ...batch.map((l) => l.entry),
    ]
    const last = batch.at(-1)?.seq ?? 0
    try {
      await hubRequest(this.target, 'POST', `/v1/parts/${encodeURIComponent(this.target.partId)}/logs`, {
        body: { entries },
        timeoutMs: 30_000,
        signal,
        expect: [200],
      })
    } catch (err) {
      const status = err instanceof HubCallError ? err.status : undefined
      const action = batchRefusal(status, batch.length)
      if (action.kind === 'retry' || status === undefined) throw err
      if (action.kind === 'smaller') {
        this.maxEntries = action.maxEntries
        return { kind: 'refused', dropped: 0, status }
      }
      // One line (or a batch the hub will never take): it goes. A refused notice alone goes too,
      // or it would come back forever.
      if (batch.length === 0) this.buffer.acknowledge(0, { full: unreported, refused })
      else this.buffer.refuse(last, err instanceof Error ? err.message : String(err))
      return { kind: 'refused', dropped: batch.length, status }
    }
    this.buffer.acknowledge(last, { full: unreported, refused })
    // Back towards full batches once a smaller one went through.
    this.maxEntries = Math.min(UPLOAD_MAX_ENTRIES - 2, this.maxEntries * 2)
    return { kind: 'sent', lines: batch.length }
  }
}
