import type { Grant, GrantResource, Role, Subject } from '../domain/model'
import type { LocationId, MachineId, OrgId } from '../ids'
import type { MachineTab } from '../api/views'
import { permissionRow, type Action, type Cell, type Column, type ResourceKind } from './permissionTable'

export type { Action } from './permissionTable'

/**
 * A grant as `can()` reads it. `orgId` is the organization the granted resource lives in: a
 * location or machine grant names only its resource, so without it the grant cannot be placed in
 * an organization and does not count for organization-wide questions (fail closed). See
 * `withGrantOrgs`. When present it also pins the grant to that organization.
 */
export type IdentityGrant = Grant & { orgId?: OrgId }

export interface Identity {
  subject: Subject
  /** Grants of other subjects are ignored, so a whole grant list may be passed. */
  grants: IdentityGrant[]
}

/** Orgs the location (or one of its ancestors) is shared with; their org grants reach it too. */
type Shared = { sharedWith?: readonly OrgId[] }

/**
 * What a question is about. Location paths are root first and end with the location itself (for a
 * machine: the machine's location). `orgId` of a location-bearing ref is the owning organization.
 */
export type ResourceRef =
  /** Outside any organization: creating a new organization. */
  | { kind: 'platform' }
  | { kind: 'organization'; orgId: OrgId }
  | ({
      kind: 'location'
      orgId: OrgId
      locationPath: readonly LocationId[]
      /** For `location.move`: the new parent's path; missing or empty means the org's top level. */
      destinationPath?: readonly LocationId[]
    } & Shared)
  | ({ kind: 'machine'; orgId: OrgId; locationPath: readonly LocationId[]; machineId: MachineId } & Shared)
  | { kind: 'fragment'; orgId: OrgId }
  | { kind: 'package'; orgId: OrgId }
  /** Data captured in the org; location and machine say where it came from. */
  | ({ kind: 'data'; orgId: OrgId; locationPath?: readonly LocationId[]; machineId?: MachineId } & Shared)
  /** A dataset; with a location/machine, the data item in it the question is about. */
  | ({ kind: 'dataset'; orgId: OrgId; locationPath?: readonly LocationId[]; machineId?: MachineId } & Shared)

// The table and the refs must speak of the same kinds.
type SameKinds = [ResourceRef['kind']] extends [ResourceKind]
  ? [ResourceKind] extends [ResourceRef['kind']]
    ? true
    : never
  : never
const sameKinds: SameKinds = true
void sameKinds

/** Kinds where a `yes` cell is satisfied by any grant inside the organization. */
const ORG_WIDE: ReadonlySet<ResourceKind> = new Set([
  'platform',
  'organization',
  'fragment',
  'package',
  'dataset',
])

const ALL_TABS: readonly MachineTab[] = ['control', 'configure', 'logs', 'history', 'connect']

function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.id === b.id
}

function columnOf(grant: Grant): Column {
  const owner = grant.role === 'owner'
  switch (grant.resource.kind) {
    case 'organization':
      return owner ? 'orgOwner' : 'orgOperator'
    case 'location':
      return owner ? 'locationOwner' : 'locationOperator'
    case 'machine':
      return owner ? 'machineOwner' : 'machineOperator'
  }
}

/**
 * Whether the ref belongs to `orgId`. A location shared with other organizations belongs to them
 * too: their org grants reach it (the seed lets a secondary org owner share it further). A location
 * grant reaches it by path whatever org asks; nothing more is modelled (no per-share roles).
 */
function inOrgOf(orgId: OrgId, ref: ResourceRef): boolean {
  if (ref.kind === 'platform') return true
  if (ref.orgId === orgId) return true
  return 'sharedWith' in ref && ref.sharedWith !== undefined && ref.sharedWith.includes(orgId)
}

/**
 * Whether the grant's resource contains the ref: the same org; a location on the ref's path (child
 * locations inherit, a parent's machines are not on a child's path); the same machine.
 */
function reaches(grant: IdentityGrant, ref: ResourceRef): boolean {
  if (ref.kind === 'platform') return true
  if (grant.orgId !== undefined && !inOrgOf(grant.orgId, ref)) return false
  const resource: GrantResource = grant.resource
  switch (resource.kind) {
    case 'organization':
      return inOrgOf(resource.id, ref)
    case 'location':
      return 'locationPath' in ref && ref.locationPath !== undefined && ref.locationPath.includes(resource.id)
    case 'machine':
      return 'machineId' in ref && ref.machineId === resource.id
  }
}

/** A grant anywhere inside the ref's organization. */
function insideOrg(grant: IdentityGrant, ref: ResourceRef): boolean {
  return reaches(grant, ref) || (grant.orgId !== undefined && inOrgOf(grant.orgId, ref))
}

function cellAllows(cell: Cell, grant: IdentityGrant, ref: ResourceRef): boolean {
  switch (cell.kind) {
    case 'no':
      return false
    case 'yes':
      return ORG_WIDE.has(ref.kind) ? insideOrg(grant, ref) : reaches(grant, ref)
    case 'scoped':
      return reaches(grant, ref)
  }
}

function grantsOf(identity: Identity): IdentityGrant[] {
  return identity.grants.filter((g) => sameSubject(g.subject, identity.subject))
}

/**
 * Whether the identity may do `action` on `resource`, from the permission table. Any one grant of
 * the identity's subject allowing it is enough. A ref of a kind the action is not about is refused.
 */
export function can(identity: Identity, action: Action, resource: ResourceRef): boolean {
  const row = permissionRow(action)
  if (!row.appliesTo.includes(resource.kind)) return false
  const grants = grantsOf(identity)
  const allowedOn = (ref: ResourceRef): boolean =>
    grants.some((g) => cellAllows(row.cells[columnOf(g)], g, ref))
  if (resource.kind === 'location' && action === 'location.move') {
    // "To other locations they have access to": the new parent must be allowed too, possibly by
    // another grant. The top level (empty path) is reached only by an org grant.
    const destination: ResourceRef = { ...resource, locationPath: resource.destinationPath ?? [] }
    return allowedOn(resource) && allowedOn(destination)
  }
  return allowedOn(resource)
}

/**
 * The strongest role among the grants that reach the ref itself (an organization is reached only by
 * grants on that organization, not by grants on its locations or machines).
 */
export function strongestRole(identity: Identity, ref: ResourceRef): Role | null {
  let role: Role | null = null
  for (const grant of grantsOf(identity)) {
    if (!reaches(grant, ref)) continue
    if (grant.role === 'owner') return 'owner'
    role = 'operator'
  }
  return role
}

/** The machine page's tabs: every tab with `machine.seeAllTabs`, otherwise only CONTROL (operators). */
export function machineTabs(identity: Identity, machine: ResourceRef & { kind: 'machine' }): MachineTab[] {
  if (can(identity, 'machine.seeAllTabs', machine)) return [...ALL_TABS]
  return can(identity, 'machine.control', machine) ? ['control'] : []
}

/**
 * Annotates grants with the organization of their resource (from the caller's fleet index), so
 * location and machine roles count for organization-wide questions such as `fragment.seeAndUse`.
 * A resource the lookup does not know stays unannotated.
 */
export function withGrantOrgs(
  grants: readonly Grant[],
  orgOf: (resource: GrantResource) => OrgId | undefined,
): IdentityGrant[] {
  return grants.map((g) => {
    const orgId = orgOf(g.resource)
    return orgId === undefined ? { ...g } : { ...g, orgId }
  })
}
