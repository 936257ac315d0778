import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import { assertNever } from '../../shared/errors/CoreError'
import type { PartId } from '../../shared/ids'
import type { PushEditWire, PushOutcome } from '../../shared/sync/hubWire'
import type { OutboxEntry } from '../cache/OutboxEdit'

/**
 * What a push outcome does to the outbox and the cache. Pure, so each outcome is tested without a
 * hub; the sync engine carries the changes out.
 *
 * - `settled` (applied, merged, unchanged): the edit is in a hub revision; it leaves the outbox
 *   once the cache holds that revision. For `applied` the revision's config is the edit's own, so
 *   the cache can take it at once; a merged revision's config comes with the feed.
 * - `conflict`: the hub holds both values in a conflict record; the edit stays, marked with its id,
 *   and is not pushed again.
 * - `rejected`: the hub refused it; it stays, marked with the reason, until an owner acts.
 * - `retry`: no usable answer for this edit (a shorter reply, another client's answer): it is sent
 *   again with the next push, which the hub answers from its record if it did apply it.
 */
export type OutboxChange =
  | {
      kind: 'settled'
      seq: number
      status: 'applied' | 'merged' | 'unchanged'
      /**
       * For a config edit: the part's revision after it, and the revision's config when the
       * outcome says what it is (applied; null otherwise). Null for the other kinds, whose rows
       * come with the feed.
       */
      revision: { partId: PartId; revision: number; config: MachineConfig | null; author: string } | null
    }
  | { kind: 'conflict'; seq: number; conflictId: string }
  | { kind: 'rejected'; seq: number; reason: string }
  | { kind: 'retry'; seq: number; why: string }

/** An outbox entry as the hub's push route takes it; the outbox seq is the push sequence number. */
export function toPushEdit(entry: OutboxEntry, clientId: string): PushEditWire {
  const e = { clientId, seq: entry.seq }
  switch (entry.kind) {
    case 'config': {
      const { partId, baseRevision, config } = entry
      return { ...e, kind: 'config', baseRevision, target: { partId }, body: { config } }
    }
    case 'machine.create': {
      const { machineId, locationId, name } = entry
      return { ...e, kind: entry.kind, target: { machineId }, body: { locationId, name } }
    }
    case 'part.create': {
      const { partId, machineId, name, main } = entry
      return { ...e, kind: entry.kind, target: { partId }, body: { machineId, name, main } }
    }
    case 'machine.rename':
    case 'part.rename': {
      // The name seen on this desktop: the hub refuses the rename if it changed meanwhile.
      const body = { name: entry.name, previousName: entry.previousName }
      return entry.kind === 'machine.rename'
        ? { ...e, kind: entry.kind, target: { machineId: entry.machineId }, body }
        : { ...e, kind: entry.kind, target: { partId: entry.partId }, body }
    }
    case 'machine.move': {
      const { machineId, locationId, previousLocationId } = entry
      return { ...e, kind: entry.kind, target: { machineId }, body: { locationId, previousLocationId } }
    }
    default:
      return assertNever(entry, 'outbox edit')
  }
}

export function planPushOutcome(
  entry: OutboxEntry,
  outcome: PushOutcome | undefined,
  clientId: string,
): OutboxChange {
  const seq = entry.seq
  if (!outcome) return { kind: 'retry', seq, why: 'the hub sent no outcome for it' }
  if (outcome.clientId !== clientId || outcome.seq !== seq)
    return { kind: 'retry', seq, why: `the hub answered for ${outcome.clientId}/${outcome.seq} instead` }
  switch (outcome.status) {
    case 'applied':
    case 'merged':
    case 'unchanged': {
      const status = outcome.status
      if (entry.kind !== 'config') return { kind: 'settled', seq, status, revision: null }
      if (outcome.revision === undefined)
        return { kind: 'retry', seq, why: `the hub said ${status} without a revision` }
      return {
        kind: 'settled',
        seq,
        status,
        revision: {
          partId: entry.partId,
          revision: outcome.revision,
          config: status === 'applied' ? entry.config : null,
          author: entry.author,
        },
      }
    }
    case 'conflict':
      if (outcome.conflictId === undefined)
        return { kind: 'retry', seq, why: 'the hub said conflict without a conflict id' }
      return { kind: 'conflict', seq, conflictId: outcome.conflictId }
    case 'rejected':
      return { kind: 'rejected', seq, reason: rejectionReason(outcome) }
    default:
      return assertNever(outcome.status, 'push status')
  }
}

/** The hub's reason, its code, and the first problems by path: what the pending list shows. */
export function rejectionReason(outcome: PushOutcome): string {
  const reason = outcome.reason?.trim() || 'The hub refused the edit without a reason.'
  const fields = (outcome.errors ?? []).slice(0, 3).map((e) => `${e.path}: ${e.message}`)
  const more = (outcome.errors?.length ?? 0) > 3 ? ` (and ${(outcome.errors?.length ?? 0) - 3} more)` : ''
  const code = outcome.code ? ` [${outcome.code}]` : ''
  return fields.length > 0 ? `${reason}${code} ${fields.join('; ')}${more}` : `${reason}${code}`
}

/** Each edit of a push paired with its change, in the order sent. */
export function planPushReply(
  sent: readonly OutboxEntry[],
  outcomes: readonly PushOutcome[],
  clientId: string,
): OutboxChange[] {
  const bySeq = new Map(outcomes.filter((o) => o.clientId === clientId).map((o) => [o.seq, o]))
  return sent.map((entry) => planPushOutcome(entry, bySeq.get(entry.seq), clientId))
}
