import type { ResourceRef } from '../../shared/access/can'
import type { GrantResource } from '../../shared/domain/model'
import type { OrgId } from '../../shared/ids'
import type { Target } from '../access/loadResourceRef'
import { loadResourceRef } from '../access/loadResourceRef'
import type { Queryable } from '../db/Db'
import { HubError } from '../core/HubError'
import type { Decision, RefOf } from './memberDecisions'

/** The permission target a grant's resource names. */
export function targetOf(resource: GrantResource): Target {
  return { kind: resource.kind, id: resource.id }
}

const keyOf = (r: GrantResource): string => `${r.kind}:${r.id}`

/**
 * Places every resource in the fleet once, so the pure decisions can ask synchronously. A resource
 * that no longer exists (a deleted machine whose grant lingers) maps to null: nobody may act on it
 * through its ref, and it is shown to nobody but org-wide readers.
 */
export async function loadRefs(db: Queryable, resources: readonly GrantResource[]): Promise<RefOf> {
  const refs = new Map<string, ResourceRef | null>()
  for (const resource of resources) {
    const key = keyOf(resource)
    if (refs.has(key)) continue
    refs.set(key, (await loadResourceRef(db, targetOf(resource)))?.ref ?? null)
  }
  return (resource) => refs.get(keyOf(resource)) ?? null
}

/** A resource of another organization is answered as absent, like one out of reach. */
export function requireInOrg(ref: ResourceRef, orgId: OrgId): void {
  if (ref.kind === 'platform' || ref.orgId !== orgId) {
    throw new HubError(
      'not-found',
      'The resource does not exist in this organization or is not visible to you.',
    )
  }
}

/** Turns a pure decision's refusal into the error reply. */
export function enforce(decision: Decision): void {
  if (decision.ok) return
  const { kind, message } = decision.refusal
  switch (kind) {
    case 'forbidden':
      throw new HubError('permission-denied', message)
    case 'conflict':
      throw new HubError('conflict', message)
    case 'not-found':
      throw new HubError('not-found', message)
  }
}

/** Where a change about this resource sits, so the change feed shows it to those who reach it. */
export function placeOf(ref: ResourceRef | null): { locationPath: string[]; machineId: string | null } {
  if (ref === null) return { locationPath: [], machineId: null }
  switch (ref.kind) {
    case 'location':
      return { locationPath: [...ref.locationPath], machineId: null }
    case 'machine':
      return { locationPath: [...ref.locationPath], machineId: ref.machineId }
    default:
      return { locationPath: [], machineId: null }
  }
}
