import { can, type Identity } from '../../shared/access/can'
import type { CoreMethodName, CoreParsedParams } from '../../shared/api/contract'
import { assertNever, CoreError } from '../../shared/errors/CoreError'
import type { LocationId, MachineId, PartId } from '../../shared/ids'
import { CORE_PERMISSIONS, type CheckedFor, type Permission } from './corePermissions'
import type { FleetAccess } from './FleetAccess'

/** Parameters as the checks read them: any method's, with whichever ids it carries. */
type AnyParams = { machineId: MachineId; partId: PartId; locationId: LocationId } & Record<string, unknown>
type AnyPermission = Permission<AnyParams>

/**
 * Checks one call against its method's entry in CORE_PERMISSIONS, for the identity on the cached
 * fleet, and returns what the check looked up (machine, part, location) for the handler. Refuses
 * with a CoreError: `not-found` for what the identity may not see (so ids leak nothing),
 * `permission-denied` for what it sees but may not do.
 */
export function checkPermission<M extends CoreMethodName>(
  method: M,
  params: CoreParsedParams<M>,
  identity: Identity,
  access: FleetAccess,
): CheckedFor<M> {
  return check(
    CORE_PERMISSIONS[method] as AnyPermission,
    params as AnyParams,
    identity,
    access,
  ) as CheckedFor<M>
}

function check(
  permission: AnyPermission,
  params: AnyParams,
  identity: Identity,
  access: FleetAccess,
): object {
  switch (permission.on) {
    case 'nothing':
    case 'visible items':
      return {}
    case 'machine': {
      const machine = access.visibleMachine(identity, params.machineId)
      access.require(identity, permission.action, machine, permission.to)
      return { machine }
    }
    case 'part': {
      const { part, machine } = access.visiblePart(identity, params.partId)
      access.require(identity, permission.action, machine, permission.to)
      return { part, machine }
    }
    case 'robot': {
      const part = access.parts.get(params.partId)
      if (!part) return { part: null, machine: null }
      const machine = access.visibleMachine(identity, part.machineId)
      const action = typeof permission.action === 'function' ? permission.action(params) : permission.action
      const to = typeof permission.to === 'function' ? permission.to(params) : permission.to
      access.require(identity, action, machine, to)
      return { part, machine }
    }
    case 'location': {
      const location = access.locations.get(params.locationId)
      if (!location) throw new CoreError('not-found', `No location ${params.locationId} in the cache.`)
      const ref = {
        kind: 'location' as const,
        orgId: location.orgId,
        locationPath: access.locationPath(location.id),
      }
      if (!can(identity, permission.action, ref)) {
        throw new CoreError(
          'permission-denied',
          `Your role on ${location.name} does not allow you to ${permission.to}; ask an owner of the location or its organization.`,
        )
      }
      return { location }
    }
    default:
      return assertNever(permission, 'permission')
  }
}
