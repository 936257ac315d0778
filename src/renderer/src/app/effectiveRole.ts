import type { IdentityView, OrgNode } from '../../../shared/api/views'
import type { Role } from '../../../shared/domain/model'

/**
 * The role to show in the top bar, most specific first: the role on the open machine (the core
 * computed it), the role held on the current organization, else the strongest among all grants.
 */
export function effectiveRole(
  identity: IdentityView | null,
  org: OrgNode | null,
  machineRole: Role | null,
): Role | null {
  if (machineRole) return machineRole
  if (org?.role) return org.role
  if (!identity || identity.grants.length === 0) return null
  return identity.grants.some((g) => g.role === 'owner') ? 'owner' : 'operator'
}
