import { describe, expect, it } from 'vitest'
import type { Identity, ResourceRef } from '../../../src/shared/access/can'
import type { GrantResource, Role } from '../../../src/shared/domain/model'
import type { GrantId, UserId } from '../../../src/shared/ids'
import {
  decideGrantChange,
  decideRemoveMember,
  mayGrantOn,
  visibleMembers,
  type MemberGrant,
  type MemberRecord,
  type RefOf,
} from '../../../src/hub/members/memberDecisions'
import { C, G, O1, R, S, location, machine } from '../../shared/access/accessWorld'

const U = (id: string): UserId => id as UserId
let seq = 0
const g = (role: Role, resource: GrantResource): MemberGrant => ({
  grantId: `g${++seq}` as GrantId,
  role,
  resource,
})
const onOrg: GrantResource = { kind: 'organization', id: O1 }
const onC: GrantResource = { kind: 'location', id: C }
const onG: GrantResource = { kind: 'location', id: G }
const onS: GrantResource = { kind: 'location', id: S }
const onMC: GrantResource = { kind: 'machine', id: machine.mC.machineId }

const refOf: RefOf = (resource): ResourceRef | null => {
  switch (resource.kind) {
    case 'organization':
      return { kind: 'organization', orgId: resource.id }
    case 'location':
      return Object.values(location).find((l) => l.locationPath.at(-1) === resource.id) ?? null
    case 'machine':
      return Object.values(machine).find((m) => m.machineId === resource.id) ?? null
  }
}

const member = (id: string, ...grants: MemberGrant[]): MemberRecord => ({
  userId: U(id),
  email: `${id}@example.com`,
  joinedAt: '2026-01-01T00:00:00.000Z',
  grants,
})
const identityOf = (m: MemberRecord): Identity => ({
  subject: { kind: 'user', id: m.userId },
  grants: m.grants.map((x) => ({
    id: x.grantId,
    subject: { kind: 'user', id: m.userId },
    role: x.role,
    resource: x.resource,
    orgId: O1,
  })),
})

const owner = member('owner', g('owner', onOrg))
const orgOp = member('orgop', g('operator', onOrg))
const locOwnerC = member('locowner', g('owner', onC))
const locOpC = member('locop', g('operator', onC))
const inG = member('ing', g('operator', onG))
const inS = member('ins', g('operator', onS))
const onMachine = member('mop', g('operator', onMC))
const all = [owner, orgOp, locOwnerC, locOpC, inG, inS, onMachine]

describe('visibleMembers', () => {
  it('shows every member with email and join date to org owners and operators', () => {
    for (const reader of [owner, orgOp]) {
      const views = visibleMembers(identityOf(reader), O1, all, refOf)
      expect(views.map((v) => v.userId)).toEqual(all.map((m) => m.userId))
      expect(views.every((v) => v.email !== null && v.joinedAt !== null)).toBe(true)
    }
  })

  it('shows a location role only the grants inside its reach, without emails', () => {
    const views = visibleMembers(identityOf(locOpC), O1, all, refOf)
    const ids = views.map((v) => v.userId)
    // C itself, G (a child of C) and the machine in C; not the org grants, not S.
    expect(ids).toEqual([U('locowner'), U('locop'), U('ing'), U('mop')])
    const others = views.filter((v) => v.userId !== U('locop'))
    expect(others.every((v) => v.email === null && v.joinedAt === null)).toBe(true)
    expect(views.find((v) => v.userId === U('locop'))?.email).toBe('locop@example.com')
  })

  it('shows a machine role only grants on that machine and its own', () => {
    const views = visibleMembers(identityOf(onMachine), O1, all, refOf)
    expect(views.map((v) => v.userId)).toEqual([U('mop')])
  })
})

describe('who may grant what', () => {
  it('follows the invite and change-role rows, scoped to the grant', () => {
    const orgRef = refOf(onOrg)
    expect(mayGrantOn(identityOf(owner), orgRef, 'org.invite')).toBe(true)
    expect(mayGrantOn(identityOf(orgOp), refOf(onC), 'org.invite')).toBe(false)
    expect(mayGrantOn(identityOf(locOwnerC), refOf(onC), 'org.invite')).toBe(true)
    expect(mayGrantOn(identityOf(locOwnerC), refOf(onG), 'org.changeRole')).toBe(true)
    expect(mayGrantOn(identityOf(locOwnerC), refOf(onMC), 'org.changeRole')).toBe(true)
    expect(mayGrantOn(identityOf(locOwnerC), refOf(onS), 'org.changeRole')).toBe(false)
    expect(mayGrantOn(identityOf(locOwnerC), orgRef, 'org.changeRole')).toBe(false)
    expect(mayGrantOn(identityOf(locOwnerC), refOf({ kind: 'location', id: R }), 'org.invite')).toBe(false)
    expect(mayGrantOn(identityOf(locOpC), refOf(onG), 'org.invite')).toBe(false)
    expect(mayGrantOn(identityOf(owner), null, 'org.invite')).toBe(false)
  })
})

describe('changing, limiting and removing', () => {
  const change = (actor: MemberRecord, target: MemberRecord, grant: MemberGrant, members = all) => ({
    identity: identityOf(actor),
    orgId: O1,
    members,
    userId: target.userId,
    grant,
    refOf,
  })

  it('lets a location owner change a role inside the location only', () => {
    expect(decideGrantChange(change(locOwnerC, inG, inG.grants[0]!), 'owner').ok).toBe(true)
    expect(decideGrantChange(change(locOwnerC, inS, inS.grants[0]!), 'owner').ok).toBe(false)
    expect(decideGrantChange(change(locOwnerC, orgOp, orgOp.grants[0]!), 'removed').ok).toBe(false)
  })

  it('refuses changing one’s own role and removing the last owner', () => {
    const self = decideGrantChange(change(owner, owner, owner.grants[0]!), 'operator')
    expect(self).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } })
    const second = member('second', g('owner', onOrg))
    const last = decideGrantChange(change(second, owner, owner.grants[0]!, all), 'operator')
    // `second` is not among `all`, so owner is the last org owner of the list.
    expect(last).toMatchObject({ ok: false, refusal: { kind: 'conflict' } })
    const withTwo = decideGrantChange(change(second, owner, owner.grants[0]!, [...all, second]), 'operator')
    expect(withTwo.ok).toBe(true)
  })

  it('removes a member only when every grant is within reach', () => {
    expect(decideRemoveMember(identityOf(locOwnerC), O1, all, U('ing'), refOf).ok).toBe(true)
    expect(decideRemoveMember(identityOf(locOwnerC), O1, all, U('ins'), refOf).ok).toBe(false)
    expect(decideRemoveMember(identityOf(owner), O1, all, U('nobody'), refOf)).toMatchObject({
      ok: false,
      refusal: { kind: 'not-found' },
    })
    expect(decideRemoveMember(identityOf(owner), O1, all, U('owner'), refOf).ok).toBe(false)
  })
})
