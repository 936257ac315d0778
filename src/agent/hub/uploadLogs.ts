import { hubRequest, type HubTarget } from './hubRequest'
import type { LogBuffer, UploadEntry } from './LogBuffer'

// One batch of buffered lines to `POST /v1/parts/:partId/logs`; acknowledged in the buffer only
// once the hub said it stored them (all or nothing), so a failure sends the same lines again.
// Lines dropped while the buffer was full are reported in the batch as one warning of their own.

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

/** Uploads one batch; resolves with how many buffered lines the hub took (0: nothing owed). */
export async function uploadLogBatch(
  target: HubTarget,
  buffer: LogBuffer,
  now: () => number,
  signal: AbortSignal,
): Promise<number> {
  const batch = buffer.peek(UPLOAD_MAX_ENTRIES - 1, UPLOAD_MAX_BYTES)
  const dropped = buffer.dropped.unreported
  if (batch.length === 0 && dropped === 0) return 0
  const entries = batch.map((l) => l.entry)
  if (dropped > 0) entries.unshift(droppedNotice(dropped, new Date(now()).toISOString()))
  await hubRequest(target, 'POST', `/v1/parts/${encodeURIComponent(target.partId)}/logs`, {
    body: { entries },
    timeoutMs: 30_000,
    signal,
    expect: [200],
  })
  const last = batch.at(-1)
  buffer.acknowledge(last ? last.seq : 0, dropped)
  return batch.length
}
