import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from '../support/testHub'
import { seedWorld, type World } from '../support/world'

const CONFIG = { components: [{ name: 'motor9', api: 'rdk:component:motor', model: 'fake', attributes: {} }] }

describeStorages('agent routes', (storage) => {
  let hub: TestHub
  let world: World
  let partAuth: string
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
    partAuth = `Part ${world.part.pG}:secret-${world.part.pG}`
  })
  afterAll(async () => hub?.close())

  const poll = (query: string, auth = partAuth): Promise<Response> =>
    fetch(`${hub.url}/v1/agent/config?${query}`, { headers: { authorization: auth } })

  it('answers at once with the effective config when the agent runs another revision', async () => {
    const reply = await poll('revision=0')
    expect(reply.status).toBe(200)
    const body = (await reply.json()) as {
      revision: number
      ok: boolean
      config: { components: unknown[] }
      etag: string
    }
    expect(body).toMatchObject({ revision: 1, ok: true })
    expect(body.config.components).toHaveLength(1)
    // Same revision and etag: held, then 304 (waitMs shortened for the test).
    const held = await poll(`revision=1&etag=${body.etag}&waitMs=200`)
    expect(held.status).toBe(304)
  })

  it('wakes a waiting poll when the config changes', async () => {
    const waiting = poll('revision=1')
    const started = Date.now()
    // Give the poll time to be waiting; the answer below must come from the change, not the timeout.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const saved = await hub.call({
      method: 'PUT',
      url: `/v1/parts/${world.part.pG}/config`,
      auth: world.adminAuth,
      body: { config: CONFIG, baseRevision: 1 },
    })
    expect(saved.status).toBe(201)
    const reply = await waiting
    expect(reply.status).toBe(200)
    expect(((await reply.json()) as { revision: number }).revision).toBe(2)
    expect(Date.now() - started).toBeLessThan(9000)
  })

  it('refuses a wrong secret, an unknown part and a user session alike with 401', async () => {
    for (const auth of [
      `Part ${world.part.pG}:wrong-secret`,
      `Part prt_nope:secret`,
      world.adminAuth,
      'Part',
    ]) {
      const reply = await poll('revision=0', auth)
      expect(reply.status).toBe(401)
      expect(((await reply.json()) as { code: string }).code).toBe('unauthenticated')
    }
  })

  it('stores the status an agent reports for owners and operators to read', async () => {
    const status = {
      version: '0.1.0',
      uptimeSeconds: 12.5,
      configRevision: 2,
      resources: [{ name: 'motor9', state: 'ready' }],
    }
    const posted = await fetch(`${hub.url}/v1/agent/status`, {
      method: 'POST',
      headers: { authorization: partAuth, 'content-type': 'application/json' },
      body: JSON.stringify(status),
    })
    expect(posted.status).toBe(204)
    const read = await hub.call({
      method: 'GET',
      url: `/v1/parts/${world.part.pG}/status`,
      auth: world.adminAuth,
    })
    expect(read.body).toMatchObject({ reported: true, ...status })
    const bad = await fetch(`${hub.url}/v1/agent/status`, {
      method: 'POST',
      headers: { authorization: partAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...status, uptimeSeconds: 'long' }),
    })
    expect(bad.status).toBe(400)
  })
})
