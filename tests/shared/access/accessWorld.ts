import type { Identity, IdentityGrant, ResourceRef } from '../../../src/shared/access/can'
import type { Column } from '../../../src/shared/access/permissionTable'
import type { GrantResource, Role, Subject } from '../../../src/shared/domain/model'
import type { GrantId, LocationId, MachineId, OrgId, UserId } from '../../../src/shared/ids'

/**
 * A small fleet for access tests:
 *   org O1: R (root) > C > G, R > C > H, S (root); machines mR in R, mC in C, mG in G, mS in S
 *   org O2: X (root); machine mX in X
 * The grants under test sit on O1, on C (the middle of the tree) and on mC, so each has something
 * above, below and beside it.
 */
export const O1 = 'org-1' as OrgId
export const O2 = 'org-2' as OrgId
const L = (id: string): LocationId => id as LocationId
const M = (id: string): MachineId => id as MachineId
export const R = L('loc-R')
export const C = L('loc-C')
export const G = L('loc-G')
export const H = L('loc-H')
export const S = L('loc-S')
export const X = L('loc-X')

export const path = {
  R: [R],
  C: [R, C],
  G: [R, C, G],
  H: [R, C, H],
  S: [S],
  X: [X],
} as const

export const machine = {
  mR: { kind: 'machine', orgId: O1, locationPath: path.R, machineId: M('m-R') },
  mC: { kind: 'machine', orgId: O1, locationPath: path.C, machineId: M('m-C') },
  mG: { kind: 'machine', orgId: O1, locationPath: path.G, machineId: M('m-G') },
  mS: { kind: 'machine', orgId: O1, locationPath: path.S, machineId: M('m-S') },
  mX: { kind: 'machine', orgId: O2, locationPath: path.X, machineId: M('m-X') },
} as const satisfies Record<string, ResourceRef & { kind: 'machine' }>

export const location = {
  R: { kind: 'location', orgId: O1, locationPath: path.R },
  C: { kind: 'location', orgId: O1, locationPath: path.C },
  G: { kind: 'location', orgId: O1, locationPath: path.G },
  H: { kind: 'location', orgId: O1, locationPath: path.H },
  S: { kind: 'location', orgId: O1, locationPath: path.S },
  X: { kind: 'location', orgId: O2, locationPath: path.X },
} as const satisfies Record<string, ResourceRef & { kind: 'location' }>

export const ALICE: Subject = { kind: 'user', id: 'user-alice' as UserId }
export const BOB: Subject = { kind: 'user', id: 'user-bob' as UserId }

let seq = 0
export function grant(
  role: Role,
  resource: GrantResource,
  options: { subject?: Subject; orgId?: OrgId | null } = {},
): IdentityGrant {
  const g: IdentityGrant = { id: `g-${++seq}` as GrantId, subject: options.subject ?? ALICE, role, resource }
  // Annotated with O1 unless told otherwise; null leaves the grant unplaced, as a raw cached grant.
  const orgId = options.orgId === undefined ? O1 : options.orgId
  return orgId === null ? g : { ...g, orgId }
}

export const identity = (...grants: IdentityGrant[]): Identity => ({ subject: ALICE, grants })

/** The resource a column's grant sits on: O1, location C, machine mC. */
export function resourceFor(column: Column): GrantResource {
  if (column.startsWith('org')) return { kind: 'organization', id: O1 }
  if (column.startsWith('location')) return { kind: 'location', id: C }
  return { kind: 'machine', id: machine.mC.machineId }
}

export const roleOf = (column: Column): Role => (column.endsWith('Owner') ? 'owner' : 'operator')

export const grantFor = (column: Column): IdentityGrant => grant(roleOf(column), resourceFor(column))
