import type { Machine, Part } from '../../shared/domain/model'
import type { OutboxEntry } from './types'

/**
 * One durable mutation of the main cache, appended to the journal (and fsynced) before the call
 * that made it resolves, then applied by the worker. `seq` numbers journal records (not outbox
 * entries) and increases by one per record; a snapshot records the last one it includes.
 */
export type JournalRecord =
  | { kind: 'edit'; seq: number; entry: OutboxEntry }
  /** `value: null` removes the setting. */
  | { kind: 'setting'; seq: number; key: string; value: unknown }
  | { kind: 'outbox-rejected'; seq: number; outboxSeq: number; reason: string }
  | { kind: 'outbox-removed'; seq: number; outboxSeqs: number[] }
  /** The hub recorded a conflict for the edit: it stays, marked, and is not pushed again. */
  | { kind: 'outbox-conflict'; seq: number; outboxSeq: number; conflictId: string }
  /**
   * A machine added on this desktop (a robot found on the LAN), known to no hub yet, with the
   * outbox entries that create it there (absent in journals written before outbox kinds).
   */
  | { kind: 'machine-added'; seq: number; machine: Machine; part: Part; outbox?: OutboxEntry[] }

export type JournalRecordKind = JournalRecord['kind']
