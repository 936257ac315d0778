import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from '../support/testHub'
import { actorWith, seedWorld, type World } from '../support/world'

// Pushed creates, renames and moves of machines and parts (src/hub/sync/applyFleetEdit.ts), on
// PGlite and PostgreSQL: applied once with the desktop's ids, in the feed for a second desktop,
// replay changes nothing, checked against the permission tables.

interface Outcome {
  clientId: string
  seq: number
  status: string
  code?: string
  reason?: string
}
interface FeedEntry {
  cursor: number
  kind: string
  resourceId: string
  op: string
  removed?: string
  body?: Record<string, unknown>
}

describeStorages('push of machine and part creates, renames and moves', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  const push = async (auth: string, edits: unknown[]): Promise<Outcome[]> => {
    const reply = await hub.call({ method: 'POST', url: '/v1/push', auth, body: { edits } })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    return (reply.body as { results: Outcome[] }).results
  }
  const feed = async (auth: string, cursor = 0): Promise<FeedEntry[]> => {
    const reply = await hub.call({ method: 'GET', url: `/v1/changes?cursor=${cursor}&limit=5000`, auth })
    expect(reply.status).toBe(200)
    return (reply.body as { changes: FeedEntry[] }).changes
  }
  const counts = async (): Promise<{ machines: number; parts: number; changes: number }> =>
    (
      await hub.db.query<{ machines: number; parts: number; changes: number }>(
        `SELECT (SELECT count(*)::int FROM machines) AS machines, (SELECT count(*)::int FROM parts) AS parts,
                (SELECT count(*)::int FROM changes) AS changes`,
      )
    )[0] as { machines: number; parts: number; changes: number }
  const machineRow = async (id: string): Promise<{ name: string; location_id: string } | undefined> =>
    (
      await hub.db.query<{ name: string; location_id: string }>(
        `SELECT name, location_id FROM machines WHERE id = $1`,
        [id],
      )
    )[0]

  it('applies an offline create with its part and config, a rename and a move once; a second desktop sees them; a replay changes nothing', async () => {
    const machineId = randomUUID()
    const partId = randomUUID()
    const clientId = `dsk_${randomUUID().replaceAll('-', '')}`
    const edits = [
      {
        clientId,
        seq: 1,
        kind: 'machine.create',
        target: { machineId },
        body: { locationId: world.loc.R, name: 'new arm' },
      },
      {
        clientId,
        seq: 2,
        kind: 'part.create',
        target: { partId },
        body: { machineId, name: 'new arm-main', main: true },
      },
      {
        clientId,
        seq: 3,
        kind: 'config',
        baseRevision: 0,
        target: { partId },
        body: {
          config: { components: [{ name: 'm', api: 'rdk:component:motor', model: 'fake', attributes: {} }] },
        },
      },
      {
        clientId,
        seq: 4,
        kind: 'machine.rename',
        target: { machineId: world.machine.mC },
        body: { name: 'mC renamed', previousName: 'mC' },
      },
      {
        clientId,
        seq: 5,
        kind: 'machine.move',
        target: { machineId: world.machine.mS },
        body: { locationId: world.loc.R, previousLocationId: world.loc.S },
      },
    ]
    const second = await actorWith(hub.db, 'user', world.org, [
      { role: 'owner', resource: { kind: 'organization', id: world.org } },
    ])
    const cursor = Math.max(0, ...(await feed(second.auth)).map((c) => c.cursor))

    const outcomes = await push(world.adminAuth, edits)
    expect(outcomes.map((o) => [o.seq, o.status])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
      [3, 'applied'],
      [4, 'applied'],
      [5, 'applied'],
    ])
    expect(await machineRow(machineId)).toEqual({ name: 'new arm', location_id: world.loc.R })
    expect(await machineRow(world.machine.mC)).toMatchObject({ name: 'mC renamed' })
    expect(await machineRow(world.machine.mS)).toMatchObject({ location_id: world.loc.R })
    const config = await hub.call({ method: 'GET', url: `/v1/parts/${partId}/config`, auth: world.adminAuth })
    expect(config.body).toMatchObject({ revision: 1 })

    // The second desktop pulls every one of them.
    const rows = (await feed(second.auth, cursor)).map((c) => [c.kind, c.resourceId, c.op])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['machine', machineId, 'create'],
        ['part', partId, 'create'],
        ['config-revision', partId, 'create'],
        ['machine', world.machine.mC, 'update'],
        ['machine', world.machine.mS, 'update'],
      ]),
    )
    const moved = (await feed(second.auth, cursor)).find((c) => c.resourceId === world.machine.mS)
    expect(moved?.body).toMatchObject({ locationId: world.loc.R, name: 'mS' })

    // Replaying the push answers from the record and writes nothing.
    const before = await counts()
    expect(await push(world.adminAuth, edits)).toEqual(outcomes)
    expect(await counts()).toEqual(before)
    // The same create from another cache file (a new client id) names the same machine: unchanged.
    const again = await push(world.adminAuth, [
      { ...edits[0], clientId: `${clientId}x` },
      { ...edits[1], clientId: `${clientId}x`, seq: 2 },
    ])
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged'])
    expect(await counts()).toEqual({ ...before, changes: before.changes })
  })

  it("refuses an operator's create and move with the reason, and writes nothing", async () => {
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'organization', id: world.org } },
    ])
    const before = await counts()
    const clientId = `dsk_${randomUUID().replaceAll('-', '')}`
    const machineId = randomUUID()
    const outcomes = await push(operator.auth, [
      {
        clientId,
        seq: 1,
        kind: 'machine.create',
        target: { machineId },
        body: { locationId: world.loc.R, name: 'sneaky' },
      },
      {
        clientId,
        seq: 2,
        kind: 'machine.move',
        target: { machineId: world.machine.mR },
        body: { locationId: world.loc.S },
      },
    ])
    expect(outcomes).toMatchObject([
      {
        seq: 1,
        status: 'rejected',
        code: 'permission-denied',
        reason: expect.stringMatching(/location.createMachine/),
      },
      { seq: 2, status: 'rejected', code: 'permission-denied' },
    ])
    expect(await machineRow(machineId)).toBeUndefined()
    expect(await counts()).toEqual(before)
  })

  it('refuses a move made stale by another move, one to another organization, and a create reusing an id', async () => {
    const clientId = `dsk_${randomUUID().replaceAll('-', '')}`
    const outcomes = await push(world.adminAuth, [
      {
        clientId,
        seq: 1,
        kind: 'machine.move',
        target: { machineId: world.machine.mG },
        body: { locationId: world.loc.R, previousLocationId: world.loc.S },
      },
      {
        clientId,
        seq: 2,
        kind: 'machine.move',
        target: { machineId: world.machine.mG },
        body: { locationId: world.loc.X },
      },
      {
        clientId,
        seq: 3,
        kind: 'machine.create',
        target: { machineId: world.machine.mR },
        body: { locationId: world.loc.R, name: 'other' },
      },
      {
        clientId,
        seq: 4,
        kind: 'part.create',
        target: { partId: world.part.pR },
        body: { machineId: world.machine.mG, name: 'x', main: false },
      },
    ])
    expect(outcomes.map((o) => [o.status, o.code])).toEqual([
      ['rejected', 'conflict'],
      ['rejected', 'failed-precondition'],
      ['rejected', 'conflict'],
      ['rejected', 'conflict'],
    ])
    expect(await machineRow(world.machine.mG)).toMatchObject({ location_id: world.loc.G })
  })
})
