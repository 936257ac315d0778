import type { ResourceRef } from '../../shared/access/can'

/** Where a machine-scoped change sits, for its change row (org, location path, machine). */
export function machinePlace(ref: ResourceRef): {
  orgId: string | null
  locationPath: string[]
  machineId: string | null
} {
  if (ref.kind !== 'machine')
    return { orgId: 'orgId' in ref ? ref.orgId : null, locationPath: [], machineId: null }
  return { orgId: ref.orgId, locationPath: [...ref.locationPath], machineId: ref.machineId }
}
