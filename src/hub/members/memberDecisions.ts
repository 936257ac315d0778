import { can, type Identity, type ResourceRef } from '../../shared/access/can'
import type { GrantResource, Role, Subject } from '../../shared/domain/model'
import type { GrantId, OrgId, UserId } from '../../shared/ids'

/**
 * Pure decisions about members and their grants (seed "Organization settings and roles" and the
 * "Limit access" / "Grant additional access" notes). The routes load rows, ask these, then write.
 */

export interface MemberGrant {
  grantId: GrantId
  role: Role
  resource: GrantResource
}

export interface MemberRecord {
  userId: UserId
  email: string
  joinedAt: string
  /** The member's grants inside this organization (org, its locations, its machines). */
  grants: MemberGrant[]
}

/** What a member list shows: email and join date only where the seed lets the reader see them. */
export interface MemberView {
  userId: UserId
  email: string | null
  joinedAt: string | null
  grants: MemberGrant[]
}

/** Places a grant's resource in the fleet (its location path); null for a resource that is gone. */
export type RefOf = (resource: GrantResource) => ResourceRef | null

export type Refusal =
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'not-found'; message: string }

export type Decision = { ok: true } | { ok: false; refusal: Refusal }

const OK: Decision = { ok: true }
const refuse = (kind: Refusal['kind'], message: string): Decision => ({
  ok: false,
  refusal: { kind, message },
})

const isSelf = (subject: Subject, userId: UserId): boolean => subject.kind === 'user' && subject.id === userId

/**
 * The member list as the identity may read it: "See all org members (including email and date
 * joined)" shows everything; otherwise "See other peoples' roles" (scoped to the locations and
 * machines the reader reaches) shows those grants only, and "See their own role" the reader's own.
 * A member with no visible grant is left out, so the list does not reveal who else belongs.
 */
export function visibleMembers(
  identity: Identity,
  orgId: OrgId,
  members: readonly MemberRecord[],
  refOf: RefOf,
): MemberView[] {
  const org: ResourceRef = { kind: 'organization', orgId }
  if (can(identity, 'org.seeAllMembers', org)) {
    return members.map((m) => ({ ...m, grants: [...m.grants] }))
  }
  const views: MemberView[] = []
  for (const member of members) {
    if (isSelf(identity.subject, member.userId) && can(identity, 'org.seeOwnRole', org)) {
      views.push({ ...member, grants: [...member.grants] })
      continue
    }
    const grants = member.grants.filter((g) => {
      const ref = refOf(g.resource)
      return ref !== null && can(identity, 'org.seeOthersRoles', ref)
    })
    if (grants.length > 0) views.push({ userId: member.userId, email: null, joinedAt: null, grants })
  }
  return views
}

/**
 * Whether the identity may give a role on the resource (invite with it, grant it, create an API key
 * with it): the seed's "Invite ..." / "Change someone else's role" rows, "for locations/machines they
 * have access to". A location owner therefore grants on that location, its children and machines,
 * never on the organization; an operator grants nothing.
 */
export function mayGrantOn(
  identity: Identity,
  ref: ResourceRef | null,
  action: 'org.invite' | 'org.changeRole',
): boolean {
  return ref !== null && can(identity, action, ref)
}

/** Distinct users holding owner on the organization itself. */
export function orgOwnerIds(orgId: OrgId, members: readonly MemberRecord[]): UserId[] {
  return members
    .filter((m) =>
      m.grants.some(
        (g) => g.role === 'owner' && g.resource.kind === 'organization' && g.resource.id === orgId,
      ),
    )
    .map((m) => m.userId)
}

const isOrgOwnerGrant = (orgId: OrgId, g: MemberGrant): boolean =>
  g.role === 'owner' && g.resource.kind === 'organization' && g.resource.id === orgId

/** Whether taking these grants from this member would leave the organization without an owner. */
function leavesNoOwner(
  orgId: OrgId,
  members: readonly MemberRecord[],
  userId: UserId,
  removed: readonly MemberGrant[],
): boolean {
  if (!removed.some((g) => isOrgOwnerGrant(orgId, g))) return false
  const member = members.find((m) => m.userId === userId)
  const keepsOwner =
    member?.grants.some((g) => isOrgOwnerGrant(orgId, g) && !removed.some((r) => r.grantId === g.grantId)) ??
    false
  if (keepsOwner) return false
  return orgOwnerIds(orgId, members).every((id) => id === userId)
}

export interface GrantChange {
  identity: Identity
  orgId: OrgId
  members: readonly MemberRecord[]
  /** The member whose grant changes. */
  userId: UserId
  grant: MemberGrant
  refOf: RefOf
}

/**
 * Changing the role of one grant, or removing it ("Limit access"): the actor must be allowed to change
 * roles on the grant's resource, it must be someone else's grant (the seed's row is "someone
 * else's role"; one's own access is given up by leaving), and the last org owner stays an owner.
 */
export function decideGrantChange(change: GrantChange, newRole: Role | 'removed'): Decision {
  const { identity, orgId, members, userId, grant, refOf } = change
  if (!mayGrantOn(identity, refOf(grant.resource), 'org.changeRole')) {
    return refuse('forbidden', 'Changing this role needs the owner role on its resource')
  }
  if (isSelf(identity.subject, userId)) return refuse('forbidden', 'You cannot change your own role')
  if (newRole !== 'owner' && leavesNoOwner(orgId, members, userId, [grant])) {
    return refuse('conflict', 'The organization would have no owner left')
  }
  return OK
}

/**
 * Removing a member from the organization: every grant they hold in it must be one the actor may
 * change (so a location owner can remove someone whose access lies within their location only).
 */
export function decideRemoveMember(
  identity: Identity,
  orgId: OrgId,
  members: readonly MemberRecord[],
  userId: UserId,
  refOf: RefOf,
): Decision {
  const member = members.find((m) => m.userId === userId)
  if (!member) return refuse('not-found', 'No such member')
  if (isSelf(identity.subject, userId))
    return refuse('forbidden', 'To remove yourself, leave the organization')
  const outOfReach = member.grants.some((g) => !mayGrantOn(identity, refOf(g.resource), 'org.changeRole'))
  if (outOfReach)
    return refuse('forbidden', "Removing this member needs the owner role on each of their grants' resources")
  if (leavesNoOwner(orgId, members, userId, member.grants)) {
    return refuse('conflict', 'The organization would have no owner left')
  }
  return OK
}
