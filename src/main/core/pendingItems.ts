import type { Identity } from '../../shared/access/can'
import type { OutboxItem, PendingItem } from '../../shared/api/views'
import type { Machine, Part } from '../../shared/domain/model'
import { machineOfEdit, type ConfigOutboxEntry, type OutboxEntry } from '../cache/OutboxEdit'
import { describeFleetEdit } from './describeFleetEdit'
import type { FleetAccess } from './FleetAccess'

/**
 * The pending list as the identity may see it: every kind of edit, oldest first, each on a machine
 * whose CONFIGURE tab the identity has (the tab that shows what is pending). Config edits carry what
 * their diff needs; the other kinds a sentence. The same entries make the count, so the list and the
 * count agree for anyone who may see the whole outbox.
 */
export function pendingItems(
  entries: readonly OutboxEntry[],
  access: FleetAccess,
  identity: Identity,
): PendingItem[] {
  const items: PendingItem[] = []
  for (const entry of entries) {
    const partId = entry.kind === 'config' || entry.kind === 'part.rename' ? entry.partId : null
    const part = partId === null ? undefined : access.parts.get(partId)
    const machineId = machineOfEdit(entry) ?? part?.machineId
    const machine = machineId === undefined ? undefined : access.machines.get(machineId)
    if (!machine || !access.capabilities(identity, machine).tabs.includes('configure')) continue
    if (entry.kind === 'config') {
      if (part) items.push(configItem(entry, machine, part))
    } else {
      const { seq: outboxSeq, savedAt, author, rejection } = entry
      const summary = describeFleetEdit(entry, { location: (id) => access.locations.get(id)?.name })
      items.push({
        kind: entry.kind,
        outboxSeq,
        savedAt,
        author,
        rejection,
        machineId: machine.id,
        machineName: machine.name,
        summary,
      })
    }
  }
  return items
}

/** A config edit as the pending list and the edit's own view show it. */
export function configItem(entry: ConfigOutboxEntry, machine: Machine, part: Part): OutboxItem {
  const { seq, partId, baseRevision, savedAt, author, rejection } = entry
  return {
    kind: 'config',
    outboxSeq: seq,
    partId,
    baseRevision,
    savedAt,
    author,
    rejection,
    machineId: machine.id,
    machineName: machine.name,
    partName: part.name,
  }
}
