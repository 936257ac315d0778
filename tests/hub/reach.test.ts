import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'
import { actorWith, seedWorld, type World } from './support/world'

// The seed's footnotes over HTTP: a location grant reaches child locations; a grant on a child
// location does not reveal the parent's machines; what is out of reach is 404, exactly like what
// does not exist, so a refusal never tells that something is there.

describeStorages('reach of grants', (storage) => {
  let hub: TestHub
  let w: World
  let onC: string
  beforeAll(async () => {
    hub = await startTestHub(storage)
    w = await seedWorld(hub.db)
    onC = (
      await actorWith(hub.db, 'user', w.org, [{ role: 'owner', resource: { kind: 'location', id: w.loc.C } }])
    ).auth
  })
  afterAll(async () => hub?.close())

  const get = (url: string, auth: string): Promise<number> =>
    hub.call({ method: 'GET', url, auth }).then((r) => r.status)

  it('a location grant reaches the child location’s machines and parts', async () => {
    expect(await get(`/v1/machines/${w.machine.mG}`, onC)).toBe(200)
    expect(await get(`/v1/parts/${w.part.pG}/config`, onC)).toBe(200)
    const rename = await hub.call({
      method: 'PATCH',
      url: `/v1/machines/${w.machine.mG}`,
      auth: onC,
      body: { name: 'deep' },
    })
    expect(rename.status).toBe(200)
  })

  it('a child location grant shows the parent location but none of its machines', async () => {
    expect(await get(`/v1/locations/${w.loc.R}`, onC)).toBe(200)
    expect(await get(`/v1/machines/${w.machine.mR}`, onC)).toBe(404)
    const list = await hub.call({ method: 'GET', url: `/v1/locations/${w.loc.R}/machines`, auth: onC })
    expect(list.status).toBe(200)
    expect((list.body as { machines: unknown[] }).machines).toEqual([])
    const inC = await hub.call({ method: 'GET', url: `/v1/locations/${w.loc.C}/machines`, auth: onC })
    expect((inC.body as { machines: { id: string }[] }).machines.map((m) => m.id)).toEqual([w.machine.mC])
  })

  it('answers out of reach exactly as absent: 404 with the same body', async () => {
    const outOfReach = await hub.call({ method: 'DELETE', url: `/v1/machines/${w.machine.mS}`, auth: onC })
    const absent = await hub.call({ method: 'DELETE', url: `/v1/machines/mch_doesnotexist`, auth: onC })
    expect(outOfReach.status).toBe(404)
    expect(outOfReach.body).toEqual(absent.body)
    expect(await get(`/v1/machines/${w.machine.mX}`, onC)).toBe(404)
    expect(await get(`/v1/locations/${w.loc.S}`, onC)).toBe(404)
    expect(await get(`/v1/orgs/${w.org2}`, onC)).toBe(404)
    expect(await hub.db.query(`SELECT 1 FROM machines WHERE id = $1`, [w.machine.mS])).toHaveLength(1)
  })

  it('a machine grant sees its machine only, and the locations on its path', async () => {
    const onMG = (
      await actorWith(hub.db, 'api-key', w.org, [
        { role: 'operator', resource: { kind: 'machine', id: w.machine.mG } },
      ])
    ).auth
    expect(await get(`/v1/machines/${w.machine.mG}`, onMG)).toBe(200)
    expect(await get(`/v1/machines/${w.machine.mC}`, onMG)).toBe(404)
    expect(await get(`/v1/locations/${w.loc.C}`, onMG)).toBe(200)
    expect(await get(`/v1/locations/${w.loc.S}`, onMG)).toBe(404)
    // An operator sees only CONTROL.
    const machine = await hub.call({ method: 'GET', url: `/v1/machines/${w.machine.mG}`, auth: onMG })
    expect((machine.body as { tabs: string[] }).tabs).toEqual(['control'])
    expect(await get(`/v1/parts/${w.part.pG}/config`, onMG)).toBe(403)
  })

  it('a shared location reaches the other organization’s owners, who may share it further', async () => {
    const admin = w.adminAuth
    const share = await hub.call({
      method: 'POST',
      url: `/v1/locations/${w.loc.C}/shares`,
      auth: admin,
      body: { orgId: w.org2 },
    })
    expect(share.status).toBe(201)
    const secondary = (
      await actorWith(hub.db, 'user', w.org2, [
        { role: 'owner', resource: { kind: 'organization', id: w.org2 } },
      ])
    ).auth
    expect(await get(`/v1/machines/${w.machine.mC}`, secondary)).toBe(200)
    expect(await get(`/v1/machines/${w.machine.mR}`, secondary)).toBe(404)
    const listed = await hub.call({ method: 'GET', url: `/v1/orgs/${w.org2}/locations`, auth: secondary })
    expect((listed.body as { locations: { id: string; shared: boolean }[] }).locations).toContainEqual(
      expect.objectContaining({ id: w.loc.C, shared: true }),
    )
    const third = await hub.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO organizations (id, name) VALUES ('org_third', 'Third')`)
      return 'org_third'
    })
    const further = await hub.call({
      method: 'POST',
      url: `/v1/locations/${w.loc.C}/shares`,
      auth: secondary,
      body: { orgId: third },
    })
    expect(further.status).toBe(201)
    const removed = await hub.call({
      method: 'DELETE',
      url: `/v1/locations/${w.loc.C}/shares/${w.org2}`,
      auth: admin,
    })
    expect(removed.status).toBe(204)
    expect(await get(`/v1/machines/${w.machine.mC}`, secondary)).toBe(404)
  })
})
