import type { Identity } from '../../shared/access/can'
import type { PendingItem } from '../../shared/api/views'
import { machineOfEdit, type OutboxEntry } from '../cache/OutboxEdit'
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
    const { seq: outboxSeq, savedAt, author, rejection } = entry
    if (entry.kind === 'config') {
      if (!part) continue
      const { partId: id, baseRevision } = entry
      items.push({
        kind: 'config',
        outboxSeq,
        partId: id,
        baseRevision,
        savedAt,
        author,
        rejection,
        machineId: machine.id,
        machineName: machine.name,
        partName: part.name,
      })
    } else {
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
