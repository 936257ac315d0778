import type { LocationId } from '../../shared/ids'
import type { OutboxEdit } from '../cache/OutboxEdit'

type FleetEdit = Exclude<OutboxEdit, { kind: 'config' }>

/** Names as the cache knows them now (the edit itself carries the names it was made with). */
export interface FleetEditNames {
  location(id: LocationId): string | undefined
}

/**
 * The pending list's sentence for a change to the fleet itself. Pure: the names come in, so the
 * sentence a test reads is the one the list shows.
 */
export function describeFleetEdit(edit: FleetEdit, names: FleetEditNames): string {
  const place = (id: LocationId): string => names.location(id) ?? 'a location this computer does not know'
  switch (edit.kind) {
    case 'machine.create':
      return `New machine “${edit.name}” in ${place(edit.locationId)}`
    case 'part.create':
      return `New ${edit.main ? 'main part' : 'part'} “${edit.name}”`
    case 'machine.rename':
      return `Machine renamed from “${edit.previousName}” to “${edit.name}”`
    case 'part.rename':
      return `Part renamed from “${edit.previousName}” to “${edit.name}”`
    case 'machine.move':
      return `Moved from ${place(edit.previousLocationId)} to ${place(edit.locationId)}`
  }
}
