import { describe, expect, it } from 'vitest'
import type { Identity } from '../../../src/shared/access/can'
import type { ApiKeyId, GrantId, OrgId, UserId } from '../../../src/shared/ids'
import { accessLossOf, lossConcerns, lossesToExpand } from '../../../src/hub/sync/accessLoss'
import type { ChangeRow } from '../../../src/hub/sync/feedVisibility'

const row = (kind: string, op: ChangeRow['op'], orgId: string | null = 'org_a'): ChangeRow => ({
  id: 7,
  kind,
  resourceId: 'res_1',
  orgId,
  locationPath: [],
  machineId: null,
  op,
})
const user = (id: string, orgs: string[]): Identity => ({
  subject: { kind: 'user', id: id as UserId },
  grants: orgs.map((o) => ({
    id: `grt_${o}` as GrantId,
    subject: { kind: 'user', id: id as UserId },
    role: 'operator',
    resource: { kind: 'organization', id: o as OrgId },
    orgId: o as OrgId,
  })),
})

describe('accessLossOf', () => {
  it('reads whom a grant or member row is about, from each body shape the routes write', () => {
    expect(accessLossOf(row('grant', 'delete'), { userId: 'u1', grantId: 'g' })).toEqual({
      kind: 'subject',
      orgId: 'org_a',
      subject: { kind: 'user', id: 'u1' },
    })
    expect(accessLossOf(row('grant', 'update'), { keyId: 'k1', grantId: 'g', role: 'operator' })).toEqual({
      kind: 'subject',
      orgId: 'org_a',
      subject: { kind: 'api-key', id: 'k1' },
    })
    expect(
      accessLossOf(row('grant', 'delete'), { id: 'g', subject: { kind: 'user', id: 'u2' } }),
    ).toMatchObject({ subject: { kind: 'user', id: 'u2' } })
    expect(accessLossOf(row('member', 'delete'), { userId: 'u3' })).toMatchObject({
      subject: { kind: 'user', id: 'u3' },
    })
    expect(accessLossOf(row('location-share', 'delete'), { locationId: 'loc_1', orgId: 'org_b' })).toEqual({
      kind: 'share',
      orgId: 'org_a',
      locationId: 'loc_1',
      sharedWithOrg: 'org_b',
    })
  })

  it('is null for what only adds access, for other kinds, and for bodies that name no one', () => {
    expect(accessLossOf(row('grant', 'create'), { userId: 'u1' })).toBeNull()
    expect(accessLossOf(row('member', 'update'), { userId: 'u1' })).toBeNull()
    expect(accessLossOf(row('location-share', 'create'), { orgId: 'org_b' })).toBeNull()
    expect(accessLossOf(row('machine', 'delete'), { userId: 'u1' })).toBeNull()
    expect(accessLossOf(row('grant', 'delete'), { grantId: 'g' })).toBeNull()
    expect(accessLossOf(row('grant', 'delete'), { subject: { kind: 'root', id: 'x' } })).toBeNull()
    expect(accessLossOf(row('grant', 'delete', null), { userId: 'u1' })).toBeNull()
  })
})

describe('lossConcerns', () => {
  it('a subject loss concerns that subject only; a share loss the shared organization’s members', () => {
    const subjectLoss = accessLossOf(row('grant', 'delete'), { userId: 'u1' })!
    expect(lossConcerns(subjectLoss, user('u1', []))).toBe(true)
    expect(lossConcerns(subjectLoss, user('u2', ['org_a']))).toBe(false)
    const key: Identity = { subject: { kind: 'api-key', id: 'u1' as ApiKeyId }, grants: [] }
    expect(lossConcerns(subjectLoss, key)).toBe(false)
    const shareLoss = accessLossOf(row('location-share', 'delete'), { locationId: 'l', orgId: 'org_b' })!
    expect(lossConcerns(shareLoss, user('u5', ['org_b']))).toBe(true)
    expect(lossConcerns(shareLoss, user('u6', ['org_a']))).toBe(false)
  })
})

describe('lossesToExpand', () => {
  it('expands only the caller’s last loss per organization and scope in a page', () => {
    const at = (
      id: number,
      kind: string,
      op: ChangeRow['op'],
      body: Record<string, unknown>,
      orgId = 'org_a',
    ) => ({
      change: { ...row(kind, op, orgId), id },
      body,
    })
    const page = [
      at(1, 'grant', 'delete', { id: 'g1', subject: { kind: 'user', id: 'u1' } }),
      at(2, 'grant', 'delete', { id: 'g2', subject: { kind: 'user', id: 'u1' } }),
      at(3, 'grant', 'delete', { userId: 'someone-else' }),
      at(4, 'grant', 'delete', { userId: 'u1' }, 'org_b'),
      at(5, 'location-share', 'delete', { locationId: 'l1', orgId: 'org_c' }),
      at(6, 'machine', 'update', {}),
    ]
    const expand = lossesToExpand(page, user('u1', ['org_c']))
    expect([...expand.keys()].sort()).toEqual([2, 4, 5])
    expect(expand.get(5)).toMatchObject({ kind: 'share', locationId: 'l1' })
  })
})
