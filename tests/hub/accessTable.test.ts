import { afterAll, beforeAll, expect, it } from 'vitest'
import { COLUMNS, permissionRow, type Column } from '../../src/shared/access/permissionTable'
import { EXPECTED_ROWS, expectedKind } from '../shared/access/fixtures/expectedCells'
import { ALL_ROUTE_CASES } from './support/allRouteCases'
import type { RouteCase } from './support/routeCase'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'
import { columnActor, seedWorld, type SubjectKind } from './support/world'

// The seed's permission tables, enforced over HTTP: every route is called as each of the six
// roles, by a user session and by an API key, and the answer is checked against the project's
// own fixture of the seed's cells (not against can(), which would test the table by itself).

function expectedAllowed(c: RouteCase, column: Column): boolean {
  // Every target of the catalog is visible to every column (see world.ts).
  if (c.action === 'visible') return true
  const { label, section } = permissionRow(c.action)
  const row = EXPECTED_ROWS.find((r) => r.label === label && r.section === section)
  if (!row) throw new Error(`No expected row for ${c.action} (${label})`)
  return expectedKind(row.cells[COLUMNS.indexOf(column)] as string) !== 'no'
}

const KINDS: readonly SubjectKind[] = ['user', 'api-key']

describeStorages('every route against the seed tables, for six roles, by user and by key', (storage) => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub(storage)
  })
  afterAll(async () => hub?.close())

  it.each(ALL_ROUTE_CASES.map((c) => [c.route, c.action, c] as const))(
    '%s (%s)',
    async (_route, _action, c) => {
      const outcomes: string[] = []
      const wrong: string[] = []
      for (const column of COLUMNS) {
        for (const kind of KINDS) {
          const world = await seedWorld(hub.db)
          await c.prepare?.(hub, world)
          const actor = await columnActor(hub.db, world, column, kind)
          const reply = await hub.call({ ...c.request(world), auth: actor.auth })
          const allowed = expectedAllowed(c, column)
          const refusedStatus = c.invisibleTo?.columns.includes(column) ? 404 : 403
          const ok = allowed ? reply.status >= 200 && reply.status < 300 : reply.status === refusedStatus
          const line = `${column}/${kind}: ${reply.status}${allowed ? ' (allowed)' : ` (refused, ${refusedStatus})`}`
          outcomes.push(line)
          if (!ok) wrong.push(`${line} ${JSON.stringify(reply.body).slice(0, 200)}`)
          if (!allowed)
            expect(reply.body).toEqual({
              code: refusedStatus === 404 ? 'not-found' : 'permission-denied',
              message: expect.any(String),
            })
        }
      }
      expect(wrong, outcomes.join('\n')).toEqual([])
    },
  )
})
