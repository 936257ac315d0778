import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from '../support/testHub'
import { actorWith, seedWorld, type World } from '../support/world'
import { openSse } from './support/sseClient'

interface FeedEntry {
  cursor: number
  kind: string
  resourceId: string
  op: string
  removed?: string
  body?: Record<string, unknown>
}
interface Feed {
  changes: FeedEntry[]
  nextCursor: number
  hasMore: boolean
}
interface Outcome {
  clientId: string
  seq: number
  status: string
  revision?: number
  conflictId?: string
  reason?: string
  errors?: { path: string }[]
}

const motor = (name: string, attributes: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes,
})

describeStorages('change feed and push', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  const feed = async (auth: string, cursor = 0, limit = 1000): Promise<Feed> => {
    const reply = await hub.call({ method: 'GET', url: `/v1/changes?cursor=${cursor}&limit=${limit}`, auth })
    expect(reply.status).toBe(200)
    return reply.body as Feed
  }
  const push = async (auth: string, edits: unknown[]): Promise<Outcome[]> => {
    const reply = await hub.call({ method: 'POST', url: '/v1/push', auth, body: { edits } })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    return (reply.body as { results: Outcome[] }).results
  }
  const revisions = async (partId: string): Promise<number> =>
    Number(
      (
        await hub.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM config_revisions WHERE part_id = $1`,
          [partId],
        )
      )[0]?.n,
    )
  const configOf = async (partId: string): Promise<{ components: Record<string, unknown>[] }> => {
    const reply = await hub.call({ method: 'GET', url: `/v1/parts/${partId}/config`, auth: world.adminAuth })
    return (reply.body as { config: { components: Record<string, unknown>[] } }).config
  }

  it('the same push sent twice is applied once, with the same outcome', async () => {
    const partId = world.part.pR
    const edit = {
      clientId: 'desk-a',
      seq: 1,
      baseRevision: 1,
      kind: 'config',
      target: { partId },
      body: { config: { components: [motor('m', { max_rpm: 5 })] } },
    }
    const first = await push(world.adminAuth, [edit])
    expect(first[0]).toMatchObject({ status: 'applied', revision: 2 })
    const again = await push(world.adminAuth, [edit])
    expect(again).toEqual(first)
    expect(await revisions(partId)).toBe(2)
    // A retry with a changed body is still the recorded edit: nothing new is applied.
    expect(await push(world.adminAuth, [{ ...edit, body: { config: {} } }])).toEqual(first)
    // Sequence numbers may skip (edits discarded locally) but never go back.
    const skip = await push(world.adminAuth, [{ ...edit, seq: 5, baseRevision: 2, body: { config: {} } }])
    expect(skip[0]).toMatchObject({ status: 'applied', revision: 3 })
    const back = await push(world.adminAuth, [
      { ...edit, seq: 4, baseRevision: 3, body: { config: { debug: true } } },
    ])
    expect(back[0]).toMatchObject({ status: 'rejected', code: 'failed-precondition' })
    expect(await revisions(partId)).toBe(3)
  })

  it('merges edits on different resources and records overlapping ones as a conflict an owner resolves', async () => {
    const partId = world.part.pS
    const base = { components: [motor('left', { max_rpm: 100 }), motor('right', { max_rpm: 100 })] }
    const start = await push(world.adminAuth, [
      {
        clientId: 'desk-b',
        seq: 1,
        baseRevision: 1,
        kind: 'config',
        target: { partId },
        body: { config: base },
      },
    ])
    expect(start[0]?.status).toBe('applied')
    const r0 = start[0]?.revision as number
    const [a, b] = await push(world.adminAuth, [
      {
        clientId: 'desk-b',
        seq: 2,
        baseRevision: r0,
        kind: 'config',
        target: { partId },
        body: { config: { components: [motor('left', { max_rpm: 150 }), motor('right', { max_rpm: 100 })] } },
      },
      // Another desktop, edited offline on r0 too: a different component.
      {
        clientId: 'desk-c',
        seq: 1,
        baseRevision: r0,
        kind: 'config',
        target: { partId },
        body: { config: { components: [motor('left', { max_rpm: 100 }), motor('right', { max_rpm: 80 })] } },
      },
    ])
    expect(a?.status).toBe('applied')
    expect(b?.status).toBe('merged')
    const merged = await configOf(partId)
    expect(merged.components.map((c) => (c.attributes as { max_rpm: number }).max_rpm)).toEqual([150, 80])
    const mergedRev = await hub.call({
      method: 'GET',
      url: `/v1/parts/${partId}/revisions/${b?.revision}`,
      auth: world.adminAuth,
    })
    expect(mergedRev.body).toMatchObject({ source: 'merged', parents: [a?.revision, r0] })

    // Same key, both sides: a conflict, nothing applied.
    const before = await revisions(partId)
    const [c] = await push(world.adminAuth, [
      {
        clientId: 'desk-c',
        seq: 2,
        baseRevision: r0,
        kind: 'config',
        target: { partId },
        body: { config: { components: [motor('left', { max_rpm: 99 }), motor('right', { max_rpm: 100 })] } },
      },
    ])
    expect(c?.status).toBe('conflict')
    expect(await revisions(partId)).toBe(before)
    const conflict = await hub.call({
      method: 'GET',
      url: `/v1/conflicts/${c?.conflictId}`,
      auth: world.adminAuth,
    })
    expect((conflict.body as { conflicts: unknown[] }).conflicts).toContainEqual(
      expect.objectContaining({
        pathText: '$.components[name="left"].attributes.max_rpm',
        base: 100,
        head: 150,
        edit: 99,
      }),
    )
    // Every desktop that may see the part's config gets it in the feed; an operator does not.
    const locationOwner = await actorWith(hub.db, 'user', world.org, [
      { role: 'owner', resource: { kind: 'location', id: world.loc.S } },
    ])
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'location', id: world.loc.S } },
    ])
    const seen = (await feed(locationOwner.auth)).changes.find((e) => e.resourceId === c?.conflictId)
    expect(seen).toMatchObject({ kind: 'config-conflict', op: 'create' })
    expect((await feed(operator.auth)).changes.find((e) => e.resourceId === c?.conflictId)).toMatchObject({
      removed: 'out-of-reach',
    })
    // Operators may not resolve; owners may, once.
    const refused = await hub.call({
      method: 'POST',
      url: `/v1/conflicts/${c?.conflictId}/resolve`,
      auth: operator.auth,
      body: { config: merged },
    })
    expect(refused.status).toBe(403)
    const resolution = { components: [motor('left', { max_rpm: 120 }), motor('right', { max_rpm: 80 })] }
    const resolved = await hub.call({
      method: 'POST',
      url: `/v1/conflicts/${c?.conflictId}/resolve`,
      auth: locationOwner.auth,
      body: { config: resolution },
    })
    expect(resolved.status).toBe(201)
    expect((await configOf(partId)).components).toEqual(resolution.components)
    const twice = await hub.call({
      method: 'POST',
      url: `/v1/conflicts/${c?.conflictId}/resolve`,
      auth: locationOwner.auth,
      body: { config: resolution },
    })
    expect(twice.status).toBe(409)
  })

  it('answers refused edits per edit with the reason, applies the others, and writes nothing for them', async () => {
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'organization', id: world.org } },
    ])
    const partId = world.part.pC
    const before = await revisions(partId)
    const results = await push(operator.auth, [
      {
        clientId: 'desk-op',
        seq: 1,
        baseRevision: 1,
        kind: 'config',
        target: { partId },
        body: { config: {} },
      },
      {
        clientId: 'desk-op',
        seq: 2,
        baseRevision: 1,
        kind: 'config',
        target: { partId: world.part.pX },
        body: { config: {} },
      },
    ])
    expect(results.map((r) => [r.status, r.reason !== undefined])).toEqual([
      ['rejected', true],
      ['rejected', true],
    ])
    const bad = await push(world.adminAuth, [
      {
        clientId: 'desk-d',
        seq: 1,
        baseRevision: 1,
        kind: 'config',
        target: { partId },
        body: { config: { components: [{ name: 7 }] } },
      },
      { clientId: 'desk-d', seq: 2, baseRevision: 1, kind: 'teleport', target: {}, body: {} },
      {
        clientId: 'desk-d',
        seq: 3,
        kind: 'machine.rename',
        target: { machineId: world.machine.mC },
        body: { name: 'Renamed offline', previousName: 'mC' },
      },
    ])
    expect(bad.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied'])
    expect(bad[0]?.errors?.[0]?.path).toMatch(/components/)
    expect(await revisions(partId)).toBe(before)
    // A client id is its first pusher's.
    const stolen = await push(operator.auth, [
      {
        clientId: 'desk-d',
        seq: 4,
        kind: 'machine.rename',
        target: { machineId: world.machine.mC },
        body: { name: 'x' },
      },
    ])
    expect(stolen[0]).toMatchObject({ status: 'rejected', code: 'permission-denied' })
  })

  it('refuses a malformed push envelope whole with 400 and each path, writing nothing', async () => {
    const count = async (): Promise<string> =>
      JSON.stringify(
        await hub.db.query(
          `SELECT (SELECT count(*)::int FROM push_outcomes) AS o, (SELECT count(*)::int FROM changes) AS c, (SELECT count(*)::int FROM config_revisions) AS r`,
        ),
      )
    const before = await count()
    const good = {
      clientId: 'desk-bad',
      seq: 1,
      baseRevision: 1,
      kind: 'config',
      target: { partId: world.part.pR },
      body: { config: {} },
    }
    for (const body of [
      {},
      { edits: [] },
      { edits: [{ ...good, clientId: "x' OR '1'='1" }] },
      { edits: [{ ...good, seq: 'one' }] },
      { edits: [{ ...good, seq: -1 }] },
      { edits: Array.from({ length: 201 }, (_, i) => ({ ...good, seq: i + 1 })) },
      { edits: [good], extra: true },
    ]) {
      const reply = await hub.call({ method: 'POST', url: '/v1/push', auth: world.adminAuth, body })
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(reply.body).toMatchObject({ code: 'invalid-argument', errors: expect.any(Array) })
    }
    const raw = await hub.call({
      method: 'POST',
      url: '/v1/push',
      auth: world.adminAuth,
      rawBody: '{"edits": [',
    })
    expect(raw.status).toBe(400)
    expect(await count()).toBe(before)
  })

  it('filters the feed by what each caller may read, and pages it with a cursor', async () => {
    const admin = await feed(world.adminAuth)
    const child = await actorWith(hub.db, 'user', world.org, [
      { role: 'owner', resource: { kind: 'location', id: world.loc.C } },
    ])
    const stranger = await actorWith(hub.db, 'user', world.org2, [
      { role: 'owner', resource: { kind: 'organization', id: world.org2 } },
    ])
    const mine = await feed(child.auth)
    // The C owner sees pC's revisions but pR's (in the parent R) only as removals.
    const kindsFor = (f: Feed, id: string): (string | undefined)[] =>
      f.changes.filter((e) => e.resourceId === id).map((e) => e.removed ?? e.kind)
    expect(kindsFor(mine, world.part.pR).every((k) => k === 'out-of-reach')).toBe(true)
    expect(kindsFor(admin, world.part.pR)).toContain('config-revision')
    expect((await feed(stranger.auth)).changes.filter((e) => e.resourceId === world.part.pR)).toEqual([])
    // Paging: the union of small pages is the whole feed.
    const pages: FeedEntry[] = []
    let cursor = 0
    for (;;) {
      const page = await feed(world.adminAuth, cursor, 2)
      pages.push(...page.changes)
      cursor = page.nextCursor
      if (!page.hasMore) break
    }
    expect(pages).toEqual(admin.changes)
    const bad = await hub.call({
      method: 'GET',
      url: `/v1/changes?cursor=-1&limit=abc`,
      auth: world.adminAuth,
    })
    expect(bad.status).toBe(400)
  })

  it('nudges an SSE client with the newest cursor when a change commits, with heartbeats', async () => {
    const sse = await openSse(`${hub.url}/v1/changes/stream?heartbeatMs=200`, world.adminAuth)
    try {
      const first = await sse.nextCursor()
      await push(world.adminAuth, [
        {
          clientId: 'desk-sse',
          seq: 1,
          kind: 'machine.rename',
          target: { machineId: world.machine.mS },
          body: { name: 'nudged' },
        },
      ])
      const next = await sse.nextCursor()
      expect(next).toBeGreaterThan(first)
      const latest = await feed(world.adminAuth, first)
      expect(latest.nextCursor).toBe(next)
      while (sse.comments < 1) await new Promise((resolve) => setTimeout(resolve, 50))
    } finally {
      sse.close()
    }
  })
})
