import { describe, expect, it } from 'vitest'
import {
  can,
  machineTabs,
  strongestRole,
  withGrantOrgs,
  type ResourceRef,
} from '../../../src/shared/access/can'
import { ACTIONS, COLUMNS, isAction, PERMISSION_TABLE } from '../../../src/shared/access/permissionTable'
import type { GrantResource } from '../../../src/shared/domain/model'
import type { ApiKeyId, OrgId } from '../../../src/shared/ids'
import {
  ALICE,
  BOB,
  C,
  grant,
  grantFor,
  identity,
  location,
  machine,
  O1,
  O2,
  path,
  R,
  resourceFor,
  roleOf,
  S,
  X,
} from './accessWorld'

const org1: GrantResource = { kind: 'organization', id: O1 }
const onLocation = (id: typeof R): GrantResource => ({ kind: 'location', id })
const onMachine = (m: { machineId: (typeof machine)['mC']['machineId'] }): GrantResource => ({
  kind: 'machine',
  id: m.machineId,
})

/** Every kind of ref, in O2, for "never reachable from O1". */
const O2_REFS: ResourceRef[] = [
  { kind: 'organization', orgId: O2 },
  location.X,
  { ...location.X, destinationPath: path.X },
  machine.mX,
  { kind: 'fragment', orgId: O2 },
  { kind: 'package', orgId: O2 },
  { kind: 'data', orgId: O2 },
  { kind: 'data', orgId: O2, locationPath: path.X, machineId: machine.mX.machineId },
  { kind: 'dataset', orgId: O2 },
  { kind: 'dataset', orgId: O2, locationPath: path.X, machineId: machine.mX.machineId },
]

describe('the seed footnotes', () => {
  it('child locations inherit a location grant', () => {
    const owner = identity(grant('owner', onLocation(R)))
    expect(can(owner, 'machine.editConfig', machine.mG)).toBe(true)
    expect(can(owner, 'location.editInfo', location.G)).toBe(true)
    expect(can(owner, 'location.createMachine', location.C)).toBe(true)
    expect(can(owner, 'data.view', { kind: 'data', orgId: O1, locationPath: path.G })).toBe(true)
  })

  it('a grant on a child location does not reveal machines of its parent', () => {
    const owner = identity(grant('owner', onLocation(C)))
    expect(can(owner, 'machine.control', machine.mR)).toBe(false)
    expect(can(owner, 'location.editInfo', location.R)).toBe(false)
    expect(can(owner, 'data.view', { kind: 'data', orgId: O1, locationPath: path.R })).toBe(false)
    expect(can(owner, 'machine.control', machine.mC)).toBe(true)
    expect(can(owner, 'machine.control', machine.mG)).toBe(true)
  })

  it('a machine grant reaches only that machine, and its data only when it comes from it', () => {
    const owner = identity(grant('owner', onMachine(machine.mC)))
    expect(can(owner, 'machine.editConfig', machine.mC)).toBe(true)
    expect(can(owner, 'machine.editConfig', machine.mG)).toBe(false)
    expect(can(owner, 'location.editInfo', location.C)).toBe(false)
    const fromMachine = {
      kind: 'data',
      orgId: O1,
      locationPath: path.C,
      machineId: machine.mC.machineId,
    } as const
    expect(can(owner, 'data.view', fromMachine)).toBe(true)
    expect(can(owner, 'data.view', { kind: 'data', orgId: O1, locationPath: path.C })).toBe(false)
  })

  it('nothing in another organization is reachable from any grant in the first', () => {
    for (const column of COLUMNS) {
      for (const orgId of [O1, null] as const) {
        const who = identity(grant(roleOf(column), resourceFor(column), { orgId }))
        for (const action of ACTIONS) {
          for (const ref of O2_REFS)
            expect(can(who, action, ref), `${column} ${action} ${ref.kind}`).toBe(false)
        }
        expect(machineTabs(who, machine.mX)).toEqual([])
      }
    }
  })

  it('grants of another subject do not count', () => {
    const bobsOwnership = grant('owner', org1, { subject: BOB })
    const alice = identity(bobsOwnership)
    for (const action of ACTIONS) {
      expect(can(alice, action, machine.mC)).toBe(false)
      expect(can(alice, action, { kind: 'organization', orgId: O1 })).toBe(false)
    }
    expect(can(alice, 'org.create', { kind: 'platform' })).toBe(false)
    expect(strongestRole(alice, machine.mC)).toBeNull()
    // An api key with the user's id is another subject too.
    const key = grant('owner', org1, { subject: { kind: 'api-key', id: ALICE.id as string as ApiKeyId } })
    expect(can(identity(key), 'machine.control', machine.mC)).toBe(false)
  })

  it('operators see only the CONTROL tab; owners see all five', () => {
    for (const column of COLUMNS) {
      const tabs = machineTabs(identity(grantFor(column)), machine.mC)
      expect(tabs).toEqual(
        roleOf(column) === 'owner' ? ['control', 'configure', 'logs', 'history', 'connect'] : ['control'],
      )
    }
    expect(machineTabs(identity(), machine.mC)).toEqual([])
    expect(
      machineTabs(identity(grant('operator', org1), grant('owner', onLocation(C))), machine.mC),
    ).toHaveLength(5)
  })
})

describe('scope rules', () => {
  it('location.move needs both the moved location and the new parent, possibly by two grants', () => {
    const owner = identity(grant('owner', onLocation(C)))
    expect(can(owner, 'location.move', { ...location.G, destinationPath: path.H })).toBe(true)
    expect(can(owner, 'location.move', { ...location.G, destinationPath: path.S })).toBe(false)
    expect(can(owner, 'location.move', { ...location.G })).toBe(false) // to the top level
    const both = identity(grant('owner', onLocation(C)), grant('owner', onLocation(S)))
    expect(can(both, 'location.move', { ...location.G, destinationPath: path.S })).toBe(true)
    const orgOwner = identity(grant('owner', org1))
    expect(can(orgOwner, 'location.move', { ...location.G })).toBe(true)
  })

  it('organization-wide rows count location and machine grants only once placed in the org', () => {
    const raw = grant('owner', onLocation(C), { orgId: null })
    const fragments = { kind: 'fragment', orgId: O1 } as const
    expect(can(identity(raw), 'fragment.seeAndUse', fragments)).toBe(false)
    const placed = withGrantOrgs([raw], (r): OrgId | undefined =>
      r.kind === 'location' && r.id === C ? O1 : undefined,
    )
    expect(can(identity(...placed), 'fragment.seeAndUse', fragments)).toBe(true)
    expect(can(identity(...placed), 'fragment.seeAndUse', { kind: 'fragment', orgId: O2 })).toBe(false)
    // Unplaced grants still reach their own locations and machines by path.
    expect(can(identity(raw), 'machine.editConfig', machine.mG)).toBe(true)
  })

  it('an org operator may not see fragments, though location and machine owners may', () => {
    const fragments = { kind: 'fragment', orgId: O1 } as const
    expect(can(identity(grant('operator', org1)), 'fragment.seeAndUse', fragments)).toBe(false)
    expect(can(identity(grant('owner', onMachine(machine.mC))), 'fragment.seeAndUse', fragments)).toBe(true)
  })

  it('a location shared with another organization is reached by that organization and by location grants', () => {
    const shared = { ...machine.mX, sharedWith: [O1] }
    expect(can(identity(grant('operator', org1)), 'machine.control', shared)).toBe(true)
    expect(can(identity(grant('operator', org1)), 'machine.control', machine.mX)).toBe(false)
    const locationOwner = identity(grant('owner', onLocation(X), { orgId: O2 }))
    expect(can(locationOwner, 'machine.editConfig', shared)).toBe(true)
  })

  it('roles are asked about the resource they are on: a location owner may invite to it, not to the org', () => {
    const owner = identity(grant('owner', onLocation(C)))
    expect(can(owner, 'org.invite', location.G)).toBe(true)
    expect(can(owner, 'org.invite', machine.mC)).toBe(true)
    expect(can(owner, 'org.invite', location.R)).toBe(false)
    expect(can(owner, 'org.invite', { kind: 'organization', orgId: O1 })).toBe(false)
  })

  it('refuses a ref of a kind the action is not about', () => {
    const orgOwner = identity(grant('owner', org1))
    expect(can(orgOwner, 'machine.editConfig', { kind: 'organization', orgId: O1 })).toBe(false)
    expect(can(orgOwner, 'fragment.edit', machine.mC)).toBe(false)
  })

  it('strongestRole takes the strongest grant that reaches the resource itself', () => {
    const who = identity(grant('operator', org1), grant('owner', onLocation(C)))
    expect(strongestRole(who, machine.mG)).toBe('owner')
    expect(strongestRole(who, machine.mR)).toBe('operator')
    expect(strongestRole(who, { kind: 'organization', orgId: O1 })).toBe('operator')
    expect(
      strongestRole(identity(grant('owner', onLocation(C))), { kind: 'organization', orgId: O1 }),
    ).toBeNull()
    expect(strongestRole(who, machine.mX)).toBeNull()
  })

  it('has one row per action and knows its own action ids', () => {
    expect(new Set(ACTIONS).size).toBe(PERMISSION_TABLE.length)
    expect(isAction('machine.editConfig')).toBe(true)
    expect(isAction('machine.fly')).toBe(false)
  })
})
