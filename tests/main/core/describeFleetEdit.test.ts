import { describe, expect, it } from 'vitest'
import { describeFleetEdit } from '../../../src/main/core/describeFleetEdit'
import type { LocationId, MachineId, PartId } from '../../../src/shared/ids'

const lyon = 'loc-lyon' as LocationId
const detroit = 'loc-detroit' as LocationId
const names = { location: (id: LocationId) => ({ [lyon]: 'Lyon Lab', [detroit]: 'Detroit Plant' })[id] }
const machineId = 'm-1' as MachineId

describe('describeFleetEdit', () => {
  it('says what each kind of fleet edit does, with the names the cache knows', () => {
    expect(
      describeFleetEdit({ kind: 'machine.create', machineId, locationId: lyon, name: 'arm-2' }, names),
    ).toBe('New machine “arm-2” in Lyon Lab')
    expect(
      describeFleetEdit(
        { kind: 'part.create', partId: 'p-1' as PartId, machineId, name: 'main', main: true },
        names,
      ),
    ).toBe('New main part “main”')
    expect(
      describeFleetEdit(
        { kind: 'part.create', partId: 'p-2' as PartId, machineId, name: 'cam', main: false },
        names,
      ),
    ).toBe('New part “cam”')
    expect(
      describeFleetEdit({ kind: 'machine.rename', machineId, name: 'b', previousName: 'a' }, names),
    ).toBe('Machine renamed from “a” to “b”')
    expect(
      describeFleetEdit(
        { kind: 'part.rename', partId: 'p-1' as PartId, name: 'b', previousName: 'a' },
        names,
      ),
    ).toBe('Part renamed from “a” to “b”')
    expect(
      describeFleetEdit(
        { kind: 'machine.move', machineId, locationId: lyon, previousLocationId: detroit },
        names,
      ),
    ).toBe('Moved from Detroit Plant to Lyon Lab')
  })

  it('names a location it does not know rather than printing an id', () => {
    expect(
      describeFleetEdit(
        { kind: 'machine.create', machineId, locationId: 'loc-gone' as LocationId, name: 'x' },
        names,
      ),
    ).toBe('New machine “x” in a location this computer does not know')
  })
})
