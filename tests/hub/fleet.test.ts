import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeStorages,
  startTestHub,
  type HubReply,
  type HubRequest,
  type TestHub,
} from './support/testHub'
import { seedWorld, type World } from './support/world'

// The fleet's own rules over HTTP, as the org owner: the location tree, parts, config revisions and
// revert, fragments and the effective config, and the change row every mutation writes.

describeStorages('fleet routes', (storage) => {
  let hub: TestHub
  let w: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    w = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  const call = (r: Omit<HubRequest, 'auth'>): Promise<HubReply> => hub.call({ ...r, auth: w.adminAuth })
  const lastChange = async (): Promise<{
    id: number
    kind: string
    op: string
    resource_id: string
    location_path: string[]
    machine_id: string | null
    org_id: string
  }> =>
    (
      await hub.db.query<never>(
        `SELECT id, kind, op, resource_id, location_path, machine_id, org_id FROM changes ORDER BY id DESC LIMIT 1`,
      )
    )[0]!

  it('keeps locations at most three deep and never under themselves', async () => {
    const under = (parentId: string | null, name: string): Promise<HubReply> =>
      call({ method: 'POST', url: `/v1/orgs/${w.org}/locations`, body: { name, parentId } })
    const tooDeep = await under(w.loc.G, 'level4')
    expect(tooDeep.status).toBe(409)
    expect((tooDeep.body as { message: string }).message).toMatch(/3 levels/)
    const intoSelf = await call({
      method: 'POST',
      url: `/v1/locations/${w.loc.C}/move`,
      body: { parentId: w.loc.C },
    })
    expect(intoSelf.status).toBe(409)
    const intoChild = await call({
      method: 'POST',
      url: `/v1/locations/${w.loc.R}/move`,
      body: { parentId: w.loc.G },
    })
    expect(intoChild.status).toBe(409)
    // C (with G below it) under S: C at level 2, G at 3: allowed; under G's level it would not be.
    const moved = await call({
      method: 'POST',
      url: `/v1/locations/${w.loc.C}/move`,
      body: { parentId: w.loc.S },
    })
    expect(moved.status).toBe(200)
    expect((moved.body as { path: string[] }).path).toEqual([w.loc.S, w.loc.C])
    const change = await lastChange()
    expect(change).toMatchObject({
      kind: 'location',
      op: 'update',
      resource_id: w.loc.C,
      location_path: [w.loc.S, w.loc.C],
      org_id: w.org,
    })
    const top = await call({
      method: 'POST',
      url: `/v1/locations/${w.loc.C}/move`,
      body: { parentId: w.loc.R },
    })
    expect(top.status).toBe(200)
  })

  it('refuses to delete a location that still holds something, deletes an empty one', async () => {
    expect((await call({ method: 'DELETE', url: `/v1/locations/${w.loc.R}` })).status).toBe(409)
    const created = await call({
      method: 'POST',
      url: `/v1/orgs/${w.org}/locations`,
      body: { name: 'Empty' },
    })
    expect(created.status).toBe(201)
    const id = (created.body as { id: string }).id
    expect((await call({ method: 'DELETE', url: `/v1/locations/${id}` })).status).toBe(204)
    expect(await lastChange()).toMatchObject({ kind: 'location', op: 'delete', resource_id: id })
  })

  it('creates a machine with one main part, and keeps one main part when another is chosen', async () => {
    const created = await call({
      method: 'POST',
      url: `/v1/locations/${w.loc.S}/machines`,
      body: { name: 'rover' },
    })
    expect(created.status).toBe(201)
    const machine = created.body as { id: string; parts: { id: string; isMain: boolean }[] }
    expect(machine.parts).toEqual([expect.objectContaining({ isMain: true })])
    const added = await call({
      method: 'POST',
      url: `/v1/machines/${machine.id}/parts`,
      body: { name: 'arm', main: true },
    })
    expect(added.status).toBe(201)
    const again = await call({ method: 'POST', url: `/v1/parts/${machine.parts[0]!.id}/main` })
    expect(again.status).toBe(200)
    const got = await call({ method: 'GET', url: `/v1/machines/${machine.id}` })
    const parts = (got.body as { parts: { id: string; isMain: boolean }[] }).parts
    expect(parts.filter((p) => p.isMain).map((p) => p.id)).toEqual([machine.parts[0]!.id])
    expect(await lastChange()).toMatchObject({
      kind: 'part',
      machine_id: machine.id,
      location_path: [w.loc.S],
    })
  })

  it('shows the part secret to owners and rotates it', async () => {
    const before = (await call({ method: 'GET', url: `/v1/parts/${w.part.pS}/secret` })).body as {
      secret: string
    }
    const rotated = (await call({ method: 'POST', url: `/v1/parts/${w.part.pS}/secret/rotate` })).body as {
      secret: string
    }
    expect(rotated.secret).not.toBe(before.secret)
    expect(
      ((await call({ method: 'GET', url: `/v1/parts/${w.part.pS}/secret` })).body as { secret: string })
        .secret,
    ).toBe(rotated.secret)
    expect(JSON.stringify(await hub.db.query(`SELECT body FROM changes`))).not.toContain(rotated.secret)
  })

  it('saves config revisions with author, source and parents, refuses a stale base, and reverts as a new revision', async () => {
    const part = w.part.pS
    const config = { components: [{ name: 'm', api: 'rdk:component:motor', model: 'fake', attributes: {} }] }
    const saved = await call({
      method: 'PUT',
      url: `/v1/parts/${part}/config`,
      body: { config, baseRevision: 1, source: 'desktop' },
    })
    expect(saved.status).toBe(201)
    expect(saved.body).toMatchObject({
      revision: 2,
      parents: [1],
      source: 'desktop',
      author: expect.stringContaining('@'),
    })
    expect(await lastChange()).toMatchObject({
      kind: 'config-revision',
      resource_id: part,
      machine_id: w.machine.mS,
    })
    const stale = await call({
      method: 'PUT',
      url: `/v1/parts/${part}/config`,
      body: { config, baseRevision: 1 },
    })
    expect(stale.status).toBe(409)
    const invalid = await call({
      method: 'PUT',
      url: `/v1/parts/${part}/config`,
      body: { config: { components: [{ api: 5 }] } },
    })
    expect(invalid.status).toBe(400)
    expect((invalid.body as { errors: { path: string }[] }).errors[0]!.path).toMatch(/^\$\.components\[0\]/)
    const reverted = await call({ method: 'POST', url: `/v1/parts/${part}/revert`, body: { revision: 1 } })
    expect(reverted.body).toMatchObject({ revision: 3, parents: [2], source: 'revert', revertedFrom: 1 })
    const head = (await call({ method: 'GET', url: `/v1/parts/${part}/config` })).body as {
      revision: number
      config: unknown
    }
    const first = (await call({ method: 'GET', url: `/v1/parts/${part}/revisions/1` })).body as {
      config: unknown
    }
    expect(head.revision).toBe(3)
    expect(head.config).toEqual(first.config)
    const history = (await call({ method: 'GET', url: `/v1/parts/${part}/revisions` })).body as {
      revisions: { revision: number }[]
    }
    expect(history.revisions.map((r) => r.revision)).toEqual([3, 2, 1])
  })

  it('merges fragments into the effective config, with mods, and refuses an unknown fragment', async () => {
    const part = w.part.pR
    const config = {
      components: [{ name: 'm', api: 'rdk:component:motor', model: 'fake', attributes: {} }],
      fragments: [w.fragment],
      fragment_mods: [
        { fragment_id: w.fragment, mods: [{ $set: { 'components.fragcam.attributes.fps': 30 } }] },
      ],
    }
    expect((await call({ method: 'PUT', url: `/v1/parts/${part}/config`, body: { config } })).status).toBe(
      201,
    )
    const effective = (await call({ method: 'GET', url: `/v1/parts/${part}/effective-config` })).body as {
      ok: boolean
      config: { components: { name: string; attributes: Record<string, unknown> }[] }
      sources: Record<string, string>
    }
    expect(effective.ok).toBe(true)
    expect(effective.config.components.map((c) => c.name).sort()).toEqual(['fragcam', 'm'])
    expect(effective.config.components.find((c) => c.name === 'fragcam')!.attributes).toEqual({ fps: 30 })
    expect(effective.sources).toMatchObject({ m: 'machine', fragcam: w.fragment })
    const unknown = await call({
      method: 'PUT',
      url: `/v1/parts/${part}/config`,
      body: { config: { fragments: ['frg_nope'] } },
    })
    expect(unknown.status).toBe(400)
    expect((unknown.body as { errors: { path: string }[] }).errors[0]!.path).toBe('$.fragments[0]')
    // A new fragment revision reaches the effective config of "latest" users.
    const next = {
      components: [{ name: 'fragcam', api: 'rdk:component:camera', model: 'fake', attributes: { w: 1 } }],
    }
    expect(
      (await call({ method: 'PUT', url: `/v1/fragments/${w.fragment}/config`, body: { config: next } })).body,
    ).toMatchObject({ revision: 2 })
    const after = (await call({ method: 'GET', url: `/v1/parts/${part}/effective-config` })).body as {
      config: { components: { name: string; attributes: Record<string, unknown> }[] }
    }
    expect(after.config.components.find((c) => c.name === 'fragcam')!.attributes).toEqual({ w: 1, fps: 30 })
    // In use: not deleted.
    expect((await call({ method: 'DELETE', url: `/v1/fragments/${w.fragment}` })).status).toBe(409)
  })

  it('stores a hostile name verbatim and breaks nothing', async () => {
    const name = `x'); DROP TABLE machines; -- ../../etc/passwd %s \u202e`
    const renamed = await call({ method: 'PATCH', url: `/v1/machines/${w.machine.mC}`, body: { name } })
    expect(renamed.status).toBe(200)
    const got = (await call({ method: 'GET', url: `/v1/machines/${w.machine.mC}` })).body as { name: string }
    expect(got.name).toBe(name)
    expect((await hub.db.query(`SELECT count(*)::int AS n FROM machines`))[0]).toEqual({
      n: expect.any(Number),
    })
  })

  it('writes exactly one change row per simple mutation, with increasing ids', async () => {
    const before = await lastChange()
    await call({ method: 'PATCH', url: `/v1/orgs/${w.org}`, body: { name: 'Renamed' } })
    await call({ method: 'POST', url: `/v1/machines/${w.machine.mC}/restart` })
    await call({ method: 'PUT', url: `/v1/locations/${w.loc.C}/support-access` })
    const rows = await hub.db.query<{ id: number; kind: string }>(
      `SELECT id, kind FROM changes WHERE id > $1 ORDER BY id`,
      [before.id],
    )
    expect(rows.map((r) => r.kind)).toEqual(['organization', 'machine', 'support-access'])
    expect(rows.every((r, i) => i === 0 || r.id > rows[i - 1]!.id)).toBe(true)
  })
})
