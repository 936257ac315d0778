import { afterAll, beforeAll, expect, it } from 'vitest'
import { bearer, countRows, openWorld, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

describeStorages('API keys', (storage) => {
  let w: World
  beforeAll(async () => {
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => w?.close())

  const create = (who: keyof World['people'], body: Record<string, unknown>) =>
    w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/api-keys`,
      headers: bearer(w.people[who]),
      payload: body,
    })

  it('creates a key whose secret is shown once, stored hashed, and works at once', async () => {
    const res = await create('locationOwner', {
      name: 'ci',
      role: 'owner',
      resource: { kind: 'machine', id: w.machine.mC },
    })
    expect(res.statusCode).toBe(201)
    const key = res.json() as { id: string; secret: string; grants: { role: string }[] }
    expect(key.secret.length).toBeGreaterThan(30)
    expect(key.grants).toEqual([
      expect.objectContaining({ role: 'owner', resource: { kind: 'machine', id: w.machine.mC } }),
    ])
    const stored = await w.db.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM api_keys WHERE id = $1`,
      [key.id],
    )
    expect(stored[0]?.secret_hash).not.toContain(key.secret)
    const auth = { authorization: `ApiKey ${key.id}:${key.secret}` }
    // The key reads logs of mC's part at once (owner on the machine sees LOGS) and nothing of S.
    const logs = await w.app.inject({ method: 'GET', url: `/v1/parts/${w.part.pC}/logs`, headers: auth })
    expect(logs.statusCode).toBe(200)
    const elsewhere = await w.app.inject({ method: 'GET', url: `/v1/parts/${w.part.pS}/logs`, headers: auth })
    expect(elsewhere.statusCode).toBe(404)
    const listed = await w.app.inject({
      method: 'GET',
      url: `/v1/orgs/${w.orgId}/api-keys`,
      headers: bearer(w.people.orgOwner),
    })
    const body = listed.body
    expect(body).toContain(key.id)
    expect(body).not.toContain(key.secret)
  })

  it('allows two live keys on one resource (rotation), then deleting the old one refuses it at once', async () => {
    const resource = { kind: 'location', id: w.loc.C }
    const a = (await create('orgOwner', { name: 'old', role: 'operator', resource })).json() as {
      id: string
      secret: string
    }
    const b = (await create('orgOwner', { name: 'new', role: 'operator', resource })).json() as {
      id: string
      secret: string
    }
    const me = (k: { id: string; secret: string }) =>
      w.app.inject({
        method: 'GET',
        url: '/v1/auth/me',
        headers: { authorization: `ApiKey ${k.id}:${k.secret}` },
      })
    expect((await me(a)).statusCode).toBe(200)
    expect((await me(b)).statusCode).toBe(200)
    const del = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/api-keys/${a.id}`,
      headers: bearer(w.people.locationOwner),
    })
    expect(del.statusCode).toBe(204)
    expect((await me(a)).statusCode).toBe(401)
    expect((await me(b)).statusCode).toBe(200)
  })

  it('changes a key’s role and grants it more, within the actor’s reach only', async () => {
    const k = (
      await create('locationOwner', { role: 'operator', resource: { kind: 'location', id: w.loc.G } })
    ).json() as {
      id: string
      grants: { grantId: string }[]
    }
    const grantId = k.grants[0]!.grantId
    const patch = await w.app.inject({
      method: 'PATCH',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}/grants/${grantId}`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'owner' },
    })
    expect(patch.json()).toMatchObject({ role: 'owner' })
    const more = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}/grants`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'operator', resource: { kind: 'machine', id: w.machine.mC } },
    })
    expect(more.statusCode).toBe(201)
    const before = await countRows(w.db, 'grants')
    const beyond = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}/grants`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'owner', resource: { kind: 'organization', id: w.orgId } },
    })
    expect(beyond.statusCode).toBe(403)
    const outOfSight = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}/grants`,
      headers: bearer(w.people.locationOwner),
      payload: { role: 'owner', resource: { kind: 'location', id: w.loc.S } },
    })
    expect(outOfSight.statusCode).toBe(404)
    const operator = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}`,
      headers: bearer(w.people.orgOperator),
    })
    expect(operator.statusCode).toBe(403)
    const stranger = await w.app.inject({
      method: 'DELETE',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}`,
      headers: bearer(w.stranger),
    })
    expect(stranger.statusCode).toBe(404)
    expect(await countRows(w.db, 'grants')).toBe(before)
    const view = await w.app.inject({
      method: 'GET',
      url: `/v1/orgs/${w.orgId}/api-keys/${k.id}`,
      headers: bearer(w.people.orgOwner),
    })
    expect((view.json() as { grants: unknown[] }).grants).toHaveLength(2)
  })
})
