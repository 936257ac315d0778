import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'
import { seedWorld, type World } from './support/world'

// Concurrent writers (real concurrency on PostgreSQL's pool; serialized by PGlite itself): config
// revisions never share a number, and change ids follow commit order.

describeStorages('concurrent writes', (storage) => {
  let hub: TestHub
  let w: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    w = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  it('gives twelve concurrent saves twelve distinct revisions, each naming the one before', async () => {
    const saves = Array.from({ length: 12 }, (_, i) =>
      hub.call({
        method: 'PUT',
        url: `/v1/parts/${w.part.pC}/config`,
        auth: w.adminAuth,
        body: {
          config: {
            components: [{ name: `m${i}`, api: 'rdk:component:motor', model: 'fake', attributes: {} }],
          },
        },
      }),
    )
    const replies = await Promise.all(saves)
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(201))
    const revisions = replies.map((r) => (r.body as { revision: number }).revision).sort((a, b) => a - b)
    expect(revisions).toEqual(Array.from({ length: 12 }, (_, i) => i + 2))
    const rows = await hub.db.query<{ revision: number; parents: number[] }>(
      `SELECT revision, parents FROM config_revisions WHERE part_id = $1 ORDER BY revision`,
      [w.part.pC],
    )
    for (const row of rows.slice(1)) expect(row.parents).toEqual([row.revision - 1])
    // The feed's order is the revisions' order: a reader never sees revision n+1 before n.
    const feed = await hub.db.query<{ body: { revision: number } }>(
      `SELECT body FROM changes WHERE kind = 'config-revision' AND resource_id = $1 ORDER BY id`,
      [w.part.pC],
    )
    expect(feed.map((c) => c.body.revision)).toEqual(revisions)
  })

  it('never lets two concurrent moves make a cycle', async () => {
    // Two roots: A under B, or B under A, is each fine alone; both at once would be a cycle.
    const make = async (name: string): Promise<string> =>
      (
        (
          await hub.call({
            method: 'POST',
            url: `/v1/orgs/${w.org}/locations`,
            auth: w.adminAuth,
            body: { name },
          })
        ).body as { id: string }
      ).id
    const a = await make('A')
    const b = await make('B')
    const [x, y] = await Promise.all([
      hub.call({ method: 'POST', url: `/v1/locations/${a}/move`, auth: w.adminAuth, body: { parentId: b } }),
      hub.call({ method: 'POST', url: `/v1/locations/${b}/move`, auth: w.adminAuth, body: { parentId: a } }),
    ])
    expect([x.status, y.status].sort()).toEqual([200, 409])
  })
})
