import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../../src/hub/db/migrate'
import { openPgDb } from '../../../src/hub/db/pgDb'
import { createHub, type Hub } from '../../../src/hub/server/createHub'
import { postgresSkipReason, postgresUrl } from '../support/testStorage'
import { seedWorld, type World } from '../support/world'
import { TEST_SEAL_KEY } from '../support/testSealKey'
import { openSse } from './support/sseClient'

// Two hubs as two stateless processes would run them: two Fastify apps, each with its own pool
// and its own LISTEN connection, on one PostgreSQL database. A change through one must reach an
// SSE client of the other within a second (the nudge travels by NOTIFY, not through this process).

const reason = postgresSkipReason()
const suite = reason ? describe.skip : describe

suite(`two hub processes on one PostgreSQL${reason ? ` [skipped: ${reason}]` : ''}`, () => {
  const hubs: { hub: Hub; url: string; close: () => Promise<void> }[] = []
  let world: World
  beforeAll(async () => {
    const url = postgresUrl() as string
    const name = `hubsync_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const u = new URL(url)
    u.pathname = `/${name}`
    for (let i = 0; i < 2; i++) {
      const db = openPgDb({ connectionString: u.toString(), max: 4 })
      await migrate(db)
      const hub = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY })
      const address = await hub.app.listen({ port: 0, host: '127.0.0.1' })
      hubs.push({ hub, url: address, close: async () => (await hub.app.close(), await db.close()) })
    }
    world = await seedWorld(hubs[0]?.hub.context.db as Parameters<typeof seedWorld>[0])
  })
  afterAll(async () => {
    for (const h of hubs) await h.close()
  })

  it('a change pushed through one reaches an SSE client of the other within a second', async () => {
    const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]]
    const sse = await openSse(`${b.url}/v1/changes/stream`, world.adminAuth)
    try {
      const first = await sse.nextCursor()
      for (let i = 1; i <= 3; i++) {
        const started = Date.now()
        const reply = await fetch(`${a.url}/v1/push`, {
          method: 'POST',
          headers: { authorization: world.adminAuth, 'content-type': 'application/json' },
          body: JSON.stringify({
            edits: [
              {
                clientId: 'desk-2p',
                seq: i,
                kind: 'machine.rename',
                target: { machineId: world.machine.mR },
                body: { name: `via A ${i}` },
              },
            ],
          }),
        })
        expect(reply.status).toBe(200)
        const cursor = await sse.nextCursor()
        expect(Date.now() - started).toBeLessThan(1000)
        expect(cursor).toBeGreaterThan(first)
        // What the nudge announced is there in B's feed.
        const feed = (await (
          await fetch(`${b.url}/v1/changes?cursor=${cursor - 1}`, {
            headers: { authorization: world.adminAuth },
          })
        ).json()) as { changes: { body: { name?: string } }[] }
        expect(feed.changes[0]?.body.name).toBe(`via A ${i}`)
      }
    } finally {
      sse.close()
    }
  })
})
