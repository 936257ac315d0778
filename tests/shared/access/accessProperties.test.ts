import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  can,
  machineTabs,
  strongestRole,
  type IdentityGrant,
  type ResourceRef,
} from '../../../src/shared/access/can'
import { ACTIONS, PERMISSION_TABLE, type CellKind } from '../../../src/shared/access/permissionTable'
import type { GrantResource, Role } from '../../../src/shared/domain/model'
import type { OrgId } from '../../../src/shared/ids'
import { ALICE, BOB, grant, identity, location, machine, O1, O2, path } from './accessWorld'

const machines = Object.values(machine)
const locations = Object.values(location)

/** Every resource a grant can sit on, with the organization it lives in. */
const placed: Array<{ resource: GrantResource; orgId: OrgId }> = [
  { resource: { kind: 'organization', id: O1 }, orgId: O1 },
  { resource: { kind: 'organization', id: O2 }, orgId: O2 },
  ...locations.map((l) => ({
    resource: { kind: 'location', id: l.locationPath[l.locationPath.length - 1] } as GrantResource,
    orgId: l.orgId,
  })),
  ...machines.map((m) => ({
    resource: { kind: 'machine', id: m.machineId } as GrantResource,
    orgId: m.orgId,
  })),
]

/** Every kind of question, in both organizations, including moves and a shared location. */
const refs: ResourceRef[] = [
  { kind: 'platform' },
  ...[O1, O2].flatMap((orgId): ResourceRef[] => [
    { kind: 'organization', orgId },
    { kind: 'fragment', orgId },
    { kind: 'package', orgId },
    { kind: 'data', orgId },
    { kind: 'dataset', orgId },
  ]),
  ...locations,
  ...locations.flatMap((l) => [path.H, path.S, []].map((d) => ({ ...l, destinationPath: d }))),
  ...machines,
  { ...machine.mX, sharedWith: [O1] },
  ...machines.flatMap((m): ResourceRef[] => [
    { kind: 'data', orgId: m.orgId, locationPath: m.locationPath, machineId: m.machineId },
    { kind: 'data', orgId: m.orgId, locationPath: m.locationPath },
    { kind: 'dataset', orgId: m.orgId, locationPath: m.locationPath, machineId: m.machineId },
  ]),
]

const roleArb = fc.constantFrom<Role>('owner', 'operator')
/** Grants mostly of the identity's subject, sometimes placed in their org, sometimes not. */
const grantArb: fc.Arbitrary<IdentityGrant> = fc
  .record({
    at: fc.constantFrom(...placed),
    role: roleArb,
    mine: fc.boolean(),
    annotated: fc.boolean(),
  })
  .map(({ at, role, mine, annotated }) =>
    grant(role, at.resource, { subject: mine ? ALICE : BOB, orgId: annotated ? at.orgId : null }),
  )
const actionArb = fc.constantFrom(...ACTIONS)
const refArb = fc.constantFrom(...refs)
const rank = (role: Role | null): number => (role === 'owner' ? 2 : role === 'operator' ? 1 : 0)

describe('access properties', () => {
  it('adding a grant never removes a permission', () => {
    fc.assert(
      fc.property(
        fc.array(grantArb, { maxLength: 4 }),
        grantArb,
        actionArb,
        refArb,
        (grants, extra, action, ref) => {
          const before = identity(...grants)
          const after = identity(...grants, extra)
          if (can(before, action, ref)) expect(can(after, action, ref)).toBe(true)
          expect(rank(strongestRole(after, ref))).toBeGreaterThanOrEqual(rank(strongestRole(before, ref)))
          if (ref.kind === 'machine') {
            expect(machineTabs(after, ref)).toEqual(expect.arrayContaining(machineTabs(before, ref)))
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('an owner grant allows at least what an operator grant on the same resource allows', () => {
    fc.assert(
      fc.property(
        fc.array(grantArb, { maxLength: 3 }),
        fc.constantFrom(...placed),
        fc.boolean(),
        actionArb,
        refArb,
        (others, at, annotated, action, ref) => {
          const orgId = annotated ? at.orgId : null
          const asOperator = identity(...others, grant('operator', at.resource, { orgId }))
          const asOwner = identity(...others, grant('owner', at.resource, { orgId }))
          if (can(asOperator, action, ref)) expect(can(asOwner, action, ref)).toBe(true)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('in the table, each owner cell is at least its operator cell (no < scoped < yes)', () => {
    const order: Record<CellKind, number> = { no: 0, scoped: 1, yes: 2 }
    for (const row of PERMISSION_TABLE) {
      const c = row.cells
      expect(order[c.orgOwner.kind]).toBeGreaterThanOrEqual(order[c.orgOperator.kind])
      expect(order[c.locationOwner.kind]).toBeGreaterThanOrEqual(order[c.locationOperator.kind])
      expect(order[c.machineOwner.kind]).toBeGreaterThanOrEqual(order[c.machineOperator.kind])
    }
  })
})
