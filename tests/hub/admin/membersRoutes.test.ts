import { afterAll, beforeAll, expect, it } from 'vitest'
import { bearer, countRows, openWorld, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

describeStorages('members and invites', (storage) => {
  let w: World
  beforeAll(async () => {
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => w?.close())

  const list = async (who: keyof World['people']) => {
    const res = await w.app.inject({
      method: 'GET',
      url: `/v1/orgs/${w.orgId}/members`,
      headers: bearer(w.people[who]),
    })
    expect(res.statusCode).toBe(200)
    return res.json() as {
      members: {
        userId: string
        email: string | null
        grants: { resource: { kind: string; id: string } }[]
      }[]
    }
  }

  it('lists every member with emails to org roles, and only what is in reach to the others', async () => {
    const all = await list('orgOperator')
    expect(all.members).toHaveLength(6)
    expect(all.members.every((m) => m.email !== null)).toBe(true)
    const scoped = await list('locationOperator')
    const ids = scoped.members.map((m) => m.userId).sort()
    const p = w.people
    expect(ids).toEqual(
      [
        p.locationOwner.userId,
        p.locationOperator.userId,
        p.machineOwner.userId,
        p.machineOperator.userId,
      ].sort(),
    )
    expect(
      scoped.members.filter((m) => m.userId !== p.locationOperator.userId).every((m) => m.email === null),
    ).toBe(true)
    const stranger = await w.app.inject({
      method: 'GET',
      url: `/v1/orgs/${w.orgId}/members`,
      headers: bearer(w.stranger),
    })
    expect(stranger.statusCode).toBe(404)
  })

  it('invites, resends (old code void), accepts with the invited email only, and revokes', async () => {
    const invitee = await w.addPerson('newbie@example.com', [])
    const other = await w.addPerson('other@example.com', [])
    const create = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/invites`,
      headers: bearer(w.people.locationOwner),
      payload: { email: 'Newbie@example.com', role: 'operator', resource: { kind: 'location', id: w.loc.G } },
    })
    expect(create.statusCode).toBe(201)
    const first = create.json() as { id: string; code: string; state: string }
    expect(first.state).toBe('pending')
    const resend = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/invites/${first.id}/resend`,
      headers: bearer(w.people.orgOwner),
    })
    expect(resend.statusCode).toBe(200)
    const second = resend.json() as { code: string }
    expect(second.code).not.toBe(first.code)

    const accept = (who: typeof invitee, code: string) =>
      w.app.inject({ method: 'POST', url: '/v1/invites/accept', headers: bearer(who), payload: { code } })
    expect((await accept(invitee, first.code)).statusCode).toBe(404)
    expect((await accept(other, second.code)).statusCode).toBe(403)
    const ok = await accept(invitee, second.code)
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({
      orgId: w.orgId,
      grant: { role: 'operator', resource: { kind: 'location', id: w.loc.G } },
    })
    expect((await accept(invitee, second.code)).statusCode).toBe(409)
    // The new member can now read the org's members (their own row at least).
    const theirs = await w.app.inject({
      method: 'GET',
      url: `/v1/orgs/${w.orgId}/members`,
      headers: bearer(invitee),
    })
    expect(theirs.statusCode).toBe(200)

    const another = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/invites`,
      headers: bearer(w.people.orgOwner),
      payload: { email: 'x@example.com', role: 'owner', resource: { kind: 'organization', id: w.orgId } },
    })
    const inv = another.json() as { id: string; code: string }
    const revoke = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/invites/${inv.id}`,
      headers: bearer(w.people.orgOwner),
    })
    expect(revoke.json()).toMatchObject({ state: 'revoked' })
    const x = await w.addPerson('x@example.com', [])
    expect((await accept(x, inv.code)).statusCode).toBe(409)
  })

  it('refuses invites beyond the inviter’s reach: 403 in sight, 404 out of sight', async () => {
    const invite = (who: keyof World['people'], resource: { kind: string; id: string }) =>
      w.app.inject({
        method: 'POST',
        url: `/v1/orgs/${w.orgId}/invites`,
        headers: bearer(w.people[who]),
        payload: { email: 'someone@example.com', role: 'owner', resource },
      })
    const before = await countRows(w.db, 'invites')
    expect((await invite('locationOwner', { kind: 'organization', id: w.orgId })).statusCode).toBe(403)
    expect((await invite('locationOwner', { kind: 'machine', id: w.machine.mS })).statusCode).toBe(404)
    expect((await invite('orgOperator', { kind: 'location', id: w.loc.C })).statusCode).toBe(403)
    expect((await invite('machineOwner', { kind: 'location', id: w.loc.C })).statusCode).toBe(403)
    expect((await invite('orgOwner', { kind: 'location', id: 'loc_nope' })).statusCode).toBe(404)
    expect(await countRows(w.db, 'invites')).toBe(before)
  })

  it('grants more, changes a role, limits access and removes a member, each with a change row', async () => {
    const person = await w.addPerson('helper@example.com', [
      { role: 'operator', resource: { kind: 'location', id: w.loc.G }, orgId: w.orgId },
    ])
    const changesBefore = await countRows(w.db, 'changes')
    const grant = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/members/${person.userId}/grants`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'operator', resource: { kind: 'machine', id: w.machine.mC } },
    })
    expect(grant.statusCode).toBe(201)
    const grantId = (grant.json() as { grantId: string }).grantId
    const upgrade = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/members/${person.userId}/grants/${grantId}`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'owner' },
    })
    expect(upgrade.json()).toMatchObject({ role: 'owner' })
    // A machine owner may not change grants above the machine.
    const tooHigh = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/members/${person.userId}/grants`,
      headers: bearer(w.people.machineOwner),
      payload: { role: 'owner', resource: { kind: 'location', id: w.loc.C } },
    })
    expect(tooHigh.statusCode).toBe(403)
    const limit = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/members/${person.userId}/grants/${grantId}`,
      headers: bearer(w.people.machineOwner),
    })
    expect(limit.statusCode).toBe(204)
    const remove = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/members/${person.userId}`,
      headers: bearer(w.people.locationOwner),
    })
    expect(remove.statusCode).toBe(204)
    expect(await countRows(w.db, 'changes')).toBe(changesBefore + 4)
    const rows = await w.db.query(`SELECT 1 FROM grants WHERE subject_id = $1`, [person.userId])
    expect(rows).toHaveLength(0)
  })

  it('keeps the last owner: no demotion, no removal', async () => {
    const owner = w.people.orgOwner
    const members = await list('orgOwner')
    const ownerGrant = members.members.find((m) => m.userId === owner.userId)?.grants[0] as unknown as {
      grantId: string
    }
    const second = await w.addPerson('second-owner@example.com', [
      { role: 'owner', resource: { kind: 'organization', id: w.orgId }, orgId: w.orgId },
    ])
    const rows = await w.db.query<{ id: string }>(`SELECT id FROM grants WHERE subject_id = $1`, [
      second.userId,
    ])
    // second demotes owner: fine while second remains; then owner cannot demote second (last owner).
    const demote = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/members/${owner.userId}/grants/${ownerGrant.grantId}`,
      headers: bearer(second),
      payload: { role: 'operator' },
    })
    expect(demote.statusCode).toBe(200)
    const back = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/members/${second.userId}/grants/${rows[0]!.id}`,
      headers: bearer(second),
      payload: { role: 'operator' },
    })
    expect(back.statusCode).toBe(403)
    const restore = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/members/${owner.userId}/grants/${ownerGrant.grantId}`,
      headers: bearer(second),
      payload: { role: 'owner' },
    })
    expect(restore.statusCode).toBe(200)
    const removeSecond = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/members/${second.userId}`,
      headers: bearer(owner),
    })
    expect(removeSecond.statusCode).toBe(204)
    const demoteLast = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/members/${owner.userId}/grants/${ownerGrant.grantId}`,
      headers: bearer(owner),
      payload: { role: 'operator' },
    })
    expect(demoteLast.statusCode).toBe(403)
  })
})
