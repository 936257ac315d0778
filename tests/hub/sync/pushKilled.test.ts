import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from '../../../src/hub/db/migrate'
import { openPgliteDb } from '../../../src/hub/db/pgliteDb'
import { seedWorld, type World } from '../support/world'
import { startHubProcess, type HubProcess } from './support/hubProcess'

const EDITS = 120
/** Two hub processes start (tsx, PGlite) and 3 pushes run: on a loaded CI machine that is minutes. */
const TIMEOUT_MS = 300_000

interface Outcome {
  seq: number
  status: string
  revision?: number
}

/** Bytes and modification times of the write-ahead log: any commit changes them. */
function walBytes(dataDir: string): string {
  const dir = join(dataDir, 'pg_wal')
  return readdirSync(dir)
    .filter((f) => /^[0-9A-F]{24}$/.test(f))
    .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
    .join(',')
}

describe('a push interrupted by killing the hub (kill -9, PGlite data folder)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubsync-kill-'))
  let hub: HubProcess | undefined
  afterAll(async () => {
    await hub?.kill()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(
    'is applied exactly once after the hub returns and the push is sent again',
    async () => {
      let world: World
      {
        const db = await openPgliteDb({ dataDir })
        await migrate(db)
        world = await seedWorld(db)
        await db.close()
      }
      const partId = world.part.pR
      const edits = Array.from({ length: EDITS }, (_, i) => ({
        clientId: 'desk-killed',
        seq: i + 1,
        baseRevision: i + 1,
        kind: 'config',
        target: { partId },
        body: {
          config: {
            components: [
              { name: 'm', api: 'rdk:component:motor', model: 'fake', attributes: { step: i + 1 } },
            ],
          },
        },
      }))
      const send = (url: string): Promise<Response> =>
        fetch(`${url}/v1/push`, {
          method: 'POST',
          headers: { authorization: world.adminAuth, 'content-type': 'application/json' },
          body: JSON.stringify({ edits }),
        })
      const revisionsOn = async (url: string): Promise<number> => {
        const reply = await fetch(`${url}/v1/parts/${partId}/config`, {
          headers: { authorization: world.adminAuth },
        })
        return ((await reply.json()) as { revision: number }).revision
      }

      hub = await startHubProcess(dataDir)
      let settled = false
      const inFlight = send(hub.url).then(
        async (r) => `answered ${r.status}: ${(await r.text()).slice(0, 200)}`,
        () => 'cut off',
      )
      void inFlight.then(() => (settled = true))
      // Kill once the push is writing. PGlite runs the push's transactions back to back, so reads
      // through the hub would wait until it is done: watch the write-ahead log grow instead.
      const start = walBytes(dataDir)
      while (walBytes(dataDir) === start && !settled) await new Promise((resolve) => setTimeout(resolve, 5))
      await hub.kill()
      expect(await inFlight).toBe('cut off')

      hub = await startHubProcess(dataDir)
      const appliedBefore = (await revisionsOn(hub.url)) - 1
      console.log(`applied before the kill: ${appliedBefore} of ${EDITS}`)
      expect(appliedBefore).toBeGreaterThanOrEqual(0)
      expect(appliedBefore).toBeLessThan(EDITS)

      const reply = await send(hub.url)
      expect(reply.status).toBe(200)
      const results = ((await reply.json()) as { results: Outcome[] }).results
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: EDITS }, () => 'applied'))
      // Each edit got exactly one revision, in order: 2, 3, ... EDITS + 1.
      expect(results.map((r) => r.revision)).toEqual(Array.from({ length: EDITS }, (_, i) => i + 2))
      expect(await revisionsOn(hub.url)).toBe(EDITS + 1)
      // Sent a third time: nothing changes.
      const third = ((await (await send(hub.url)).json()) as { results: Outcome[] }).results
      expect(third).toEqual(results)
      expect(await revisionsOn(hub.url)).toBe(EDITS + 1)
    },
    TIMEOUT_MS,
  )
})
