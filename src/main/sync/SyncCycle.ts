import type { SyncProgress } from '../../shared/api/syncViews'
import type { MeReply } from '../../shared/sync/hubWire'
import type { SyncOp } from '../cache/SyncOp'
import type { CacheStore } from '../cache/types'
import type { HubClient } from './HubClient'
import { planFeedRow } from './planFeedRow'
import { nextPushBatch, type Answered } from './nextPushBatch'
import { planPushReply, toPushEdit, type OutboxChange } from './planPushOutcome'

/** Feed rows asked for per page: small enough to parse and plan in a few milliseconds. */
export const DEFAULT_PAGE_SIZE = 1000

export interface SyncCycleDeps {
  cache: CacheStore
  client: HubClient
  /** Aborted when the session ends (sign-out, another sign-in): stops between and inside requests. */
  signal: AbortSignal
  pageSize: number
  /** The hub's newest cursor as the change stream last said (for progress). */
  hubCursor(): number | null
  progress(p: SyncProgress): void
  /** The cached fleet changed (after a pull that applied something): the core reloads once. */
  fleetChanged(reason: string): Promise<void>
  /** The feed showed a grant change: the identity is fetched again and stored. */
  identityChanged(me: MeReply): Promise<void>
  now(): Date
}

export interface CycleResult {
  rowsPulled: number
  pushed: number
  /** Edits the hub gave no usable answer for: the engine tries again after a backoff. */
  retries: number
}

/**
 * One round of sync, run by the SyncEngine: pull the feed from the stored cursor to its end, push
 * the outbox in order, and, if the hub took edits, pull again (bringing their revisions) before
 * they leave the outbox. Throws HubRequestError when the hub cannot be reached or refuses; every
 * step is safe to repeat (the hub answers a repeated push from its record, feed ops are idempotent).
 */
export async function runSyncCycle(deps: SyncCycleDeps): Promise<CycleResult> {
  const rowsPulled = await pull(deps)
  const { settled, pushed, retries } = await push(deps)
  if (settled.length > 0) {
    await pull(deps)
    await settle(deps, settled)
  }
  await dropResolved(deps)
  return { rowsPulled, pushed, retries }
}

/** Pulls every page from the stored cursor; each page applied in the worker with its cursor. */
async function pull(deps: SyncCycleDeps): Promise<number> {
  const { cache, client, signal } = deps
  let cursor = (await cache.syncState()).cursor
  const phase = cursor === null ? 'full' : 'catch-up'
  let rows = 0
  let changed = false
  let refreshIdentity = false
  // The next page is fetched while the worker applies this one: the hub's time and the cache's
  // overlap, and the pages are still applied in cursor order.
  let next = fetchPage(client, cursor ?? 0, deps.pageSize, signal)
  for (;;) {
    const from = cursor ?? 0
    const page = await next
    signal.throwIfAborted()
    const more = page.hasMore && page.nextCursor !== from
    if (more) next = fetchPage(client, page.nextCursor, deps.pageSize, signal)
    // A first pull replaces whatever the cache held (a demo fleet, another account's view).
    const ops: SyncOp[] = cursor === null ? [{ op: 'clearFleet' }] : []
    for (const entry of page.changes) {
      const planned = planFeedRow(entry)
      for (const op of planned.ops) ops.push(op)
      refreshIdentity ||= planned.refreshIdentity
    }
    if (ops.length > 0 || page.nextCursor !== cursor) await cache.applySync(ops, page.nextCursor)
    changed ||= ops.length > 0
    cursor = page.nextCursor
    rows += page.changes.length
    const target = deps.hubCursor()
    // A poll that found nothing new is not progress worth telling a window about.
    if (phase === 'full' || page.changes.length > 0)
      deps.progress({
        phase,
        rowsApplied: rows,
        cursor,
        target: target === null ? null : Math.max(target, cursor),
        done: !page.hasMore,
      })
    if (!more) break
    // Let the main loop turn between pages (IPC, the window's own calls).
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  if (changed)
    await deps.fleetChanged(phase === 'full' ? 'fleet pulled from the hub' : 'changes from the hub')
  if (refreshIdentity) await deps.identityChanged(await client.me())
  return rows
}

type FeedPage = Awaited<ReturnType<HubClient['changes']>>

/**
 * Starts fetching a page. A failure is kept in the promise (marked handled, so a page fetched ahead
 * whose pull then stops for another reason is not an unhandled rejection) and thrown when awaited.
 */
function fetchPage(client: HubClient, from: number, limit: number, signal: AbortSignal): Promise<FeedPage> {
  const page = client.changes(from, limit, signal)
  page.catch(() => undefined)
  return page
}

type Settled = Extract<OutboxChange, { kind: 'settled' }>

async function push(deps: SyncCycleDeps): Promise<{ settled: Settled[]; pushed: number; retries: number }> {
  const { cache, client, signal } = deps
  const { clientId } = await cache.syncState()
  const settled: Settled[] = []
  const answered = new Map<number, Answered>()
  let pushed = 0
  let retries = 0
  for (;;) {
    const { batch, held } = nextPushBatch(await cache.listOutbox(), answered)
    // An edit whose create the hub refused can never apply: kept, marked, out of the way.
    for (const h of held) await cache.markOutboxRejected(h.seq, h.reason)
    if (batch.length === 0) {
      if (held.length > 0) continue
      break
    }
    const outcomes = await client.push(
      batch.map((e) => toPushEdit(e, clientId)),
      signal,
    )
    pushed += batch.length
    for (const change of planPushReply(batch, outcomes, clientId)) {
      answered.set(change.seq, change.kind === 'retry' ? 'retry' : 'acknowledged')
      switch (change.kind) {
        case 'settled':
          settled.push(change)
          break
        case 'conflict':
          await cache.markOutboxConflict(change.seq, change.conflictId)
          break
        case 'rejected':
          await cache.markOutboxRejected(change.seq, change.reason)
          break
        case 'retry':
          retries++
          break
      }
    }
  }
  return { settled, pushed, retries }
}

/** Edits the hub took leave the outbox, once the cache holds their revision (or at least its number). */
async function settle(deps: SyncCycleDeps, settled: Settled[]): Promise<void> {
  const { cache } = deps
  const fill: SyncOp[] = []
  for (const { revision: change } of settled) {
    if (change === null) continue
    const held = await cache.getPartConfig(change.partId)
    // The feed normally brought the revision already; an applied edit's config is known anyway.
    if (held.revision < change.revision && change.config !== null)
      fill.push({
        op: 'putRevision',
        partId: change.partId,
        revision: change.revision,
        author: change.author,
        createdAt: deps.now().toISOString(),
        source: 'desktop',
        config: change.config,
      })
  }
  if (fill.length > 0) await cache.applySync(fill, null)
  await cache.removeOutboxEntries(settled.map((c) => c.seq))
}

/** An edit in a conflict leaves the outbox when an owner resolved the conflict on the hub. */
async function dropResolved(deps: SyncCycleDeps): Promise<void> {
  const { cache } = deps
  const marked = (await cache.listOutbox()).filter((e) => e.conflictId !== undefined)
  if (marked.length === 0) return
  const resolved = new Set(
    (await cache.listSyncConflicts()).filter((c) => c.status === 'resolved').map((c) => c.id),
  )
  const done = marked.filter((e) => resolved.has(e.conflictId as string)).map((e) => e.seq)
  if (done.length > 0) await cache.removeOutboxEntries(done)
}
