import { can, type Identity } from '../../shared/access/can'
import { CoreError } from '../../shared/errors/CoreError'
import type { Machine } from '../../shared/domain/model'
import type { LocationId, PartId } from '../../shared/ids'
import type { FleetAccess } from '../core/FleetAccess'

/** The fleet actions robot calls are checked against (from the grants cached at sign-in). */
export type RobotAction = 'machine.control' | 'machine.seeAllTabs' | 'machine.editConfig'

/**
 * The desktop's side of robot access: `can()` on the cached machine a robot is. A robot the cache
 * does not know is left to the robot, which checks the session's role on every call anyway.
 */
export class RobotAccess {
  constructor(
    private readonly access: () => FleetAccess,
    private readonly identity: () => Identity,
  ) {}

  /** The cached machine with this part, if the identity may see it. */
  knownMachine(partId: string): Machine | null {
    const access = this.access()
    const part = access.parts.get(partId as PartId)
    const machine = part && access.machines.get(part.machineId)
    if (!machine) return null
    return can(this.identity(), 'machine.control', access.machineRef(machine)) ? machine : null
  }

  isKnownPart(partId: string): boolean {
    return this.access().parts.has(partId as PartId)
  }

  /** Refuses a call the identity's cached role does not allow; unknown robots pass. */
  check(partId: string, action: RobotAction, what: string): void {
    const access = this.access()
    const part = access.parts.get(partId as PartId)
    if (!part) return
    const machine = access.visibleMachine(this.identity(), part.machineId)
    access.require(this.identity(), action, machine, what)
  }

  /** The cached location a robot may be added to; throws not-found or permission-denied. */
  locationForNewMachine(locationId: LocationId): { id: LocationId; name: string } {
    const access = this.access()
    const location = access.locations.get(locationId)
    if (!location) throw new CoreError('not-found', `No location ${locationId} in the cache.`)
    const ref = {
      kind: 'location' as const,
      orgId: location.orgId,
      locationPath: access.locationPath(location.id),
    }
    if (!can(this.identity(), 'location.createMachine', ref)) {
      throw new CoreError(
        'permission-denied',
        `Your role does not allow you to add machines to ${location.name}.`,
      )
    }
    return { id: location.id, name: location.name }
  }
}
