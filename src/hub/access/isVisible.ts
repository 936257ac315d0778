import { can, type Identity, type ResourceRef } from '../../shared/access/can'
import type { LocationId } from '../../shared/ids'

/**
 * Whether the identity may know that a resource exists at all. Invisible resources answer 404 (as
 * if absent); visible ones that the action is refused on answer 403. Pure.
 *
 * - an organization, fragment or package: any grant inside its organization;
 * - a location: a grant that reaches it (org, or a location on its path), or a grant below it (a
 *   location or machine grant whose path passes through it: one must see where one's machine is);
 * - a machine: a grant that reaches it (CONTROL is every role's row). A grant on a child location
 *   does not reveal the parent's machines.
 *
 * `belowPaths` are the location paths of the identity's location and machine grants.
 */
export function isVisible(
  identity: Identity,
  ref: ResourceRef,
  belowPaths: readonly (readonly LocationId[])[],
): boolean {
  const grants = identity.grants.filter(
    (g) => g.subject.kind === identity.subject.kind && g.subject.id === identity.subject.id,
  )
  switch (ref.kind) {
    case 'platform':
      return true
    case 'organization':
    case 'fragment':
    case 'package':
    case 'data':
    case 'dataset':
      return grants.some(
        (g) => g.orgId === ref.orgId || (g.resource.kind === 'organization' && g.resource.id === ref.orgId),
      )
    case 'machine':
      return can(identity, 'machine.control', ref)
    case 'location': {
      const self = ref.locationPath[ref.locationPath.length - 1]
      const shared = ref.sharedWith ?? []
      const reaches = grants.some((g) => {
        switch (g.resource.kind) {
          case 'organization':
            return g.resource.id === ref.orgId || shared.includes(g.resource.id)
          case 'location':
            return ref.locationPath.includes(g.resource.id)
          case 'machine':
            return false
        }
      })
      return reaches || (self !== undefined && belowPaths.some((p) => p.includes(self)))
    }
  }
}
