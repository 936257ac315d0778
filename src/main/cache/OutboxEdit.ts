import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { LocationId, MachineId, PartId } from '../../shared/ids'

/**
 * One local edit as the outbox holds it: each kind carries exactly the fields it needs, so a
 * rename without a name or a config edit without a base cannot be written. Ids of machines and
 * parts made on this desktop are UUIDs made here, so the hub takes them as they are and a replayed
 * create names the same machine.
 */
export type OutboxEdit =
  | { kind: 'config'; partId: PartId; baseRevision: number; config: MachineConfig }
  | { kind: 'machine.create'; machineId: MachineId; locationId: LocationId; name: string }
  | { kind: 'part.create'; partId: PartId; machineId: MachineId; name: string; main: boolean }
  /** `previousName`: the name this desktop saw; the hub refuses the rename if it changed meanwhile. */
  | { kind: 'machine.rename'; machineId: MachineId; name: string; previousName: string }
  | { kind: 'part.rename'; partId: PartId; name: string; previousName: string }
  | { kind: 'machine.move'; machineId: MachineId; locationId: LocationId; previousLocationId: LocationId }

export type OutboxEditKind = OutboxEdit['kind']

/** What every entry has, whatever its kind. */
export interface OutboxMeta {
  /** This client's push sequence number. */
  seq: number
  author: string
  savedAt: string
  /** Reason the hub refused it, if it did; the entry stays until the user acts. */
  rejection: string | null
  /**
   * The hub's conflict record, when the push met an overlapping change: the entry stays (not
   * pushed again) until an owner resolves the conflict on the hub. Absent otherwise.
   */
  conflictId?: string
}

/** A local edit waiting in the outbox for the hub. */
export type OutboxEntry = OutboxMeta & OutboxEdit

export type ConfigOutboxEntry = Extract<OutboxEntry, { kind: 'config' }>

export const isConfigEntry = (e: OutboxEntry): e is ConfigOutboxEntry => e.kind === 'config'

/** The machine an edit is about, when the edit itself says (config edits name only their part). */
export function machineOfEdit(e: OutboxEdit): MachineId | null {
  switch (e.kind) {
    case 'config':
    case 'part.rename':
      return null
    default:
      return e.machineId
  }
}

/** The part an edit is about, if any. */
export function partOfEdit(e: OutboxEdit): PartId | null {
  return e.kind === 'config' || e.kind === 'part.rename' || e.kind === 'part.create' ? e.partId : null
}

/**
 * An entry as read from a journal written before outbox kinds existed (config edits only, no
 * `kind`), or as written now.
 */
export function normalizeOutboxEntry(
  raw: OutboxEntry | (Omit<ConfigOutboxEntry, 'kind'> & { kind?: undefined }),
): OutboxEntry {
  return raw.kind === undefined ? { ...raw, kind: 'config' } : raw
}
