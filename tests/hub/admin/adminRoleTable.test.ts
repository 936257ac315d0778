import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { permissionRow, type Action } from '../../../src/shared/access/permissionTable'
import { EXPECTED_ROWS, SEED_COLUMNS, expectedKind } from '../../shared/access/fixtures/expectedCells'
import { COLUMN_LIST, bearer, keyAuth, openWorld, type Person, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

/**
 * The administration routes called as each of the six seed roles, by user and by API key, against
 * the seed's cells as the fixture writes them down (not the product's own table): 2xx where the
 * cell allows, 403 where it does not. Each grant sits on O, on location C or on machine mC, and
 * every target is inside C's and mC's reach, so a "Yes*" cell is a yes here.
 */
interface Case {
  action: Action
  route: string
  call: (w: World, auth: Record<string, string>) => Promise<LightMyRequestResponse>
}

const json = (
  w: World,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  auth: Record<string, string>,
  payload?: unknown,
) =>
  w.app.inject({
    method,
    url,
    headers: auth,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })

let seq = 0
const packageOf = async (w: World): Promise<string> => {
  const res = await json(w, 'POST', `/v1/orgs/${w.orgId}/packages`, bearer(w.people.orgOwner), {
    name: `p${++seq}`,
    kind: 'archive',
  })
  return (res.json() as { id: string }).id
}
const versionOf = async (w: World): Promise<string> => {
  const id = await packageOf(w)
  await w.app.inject({
    method: 'PUT',
    url: `/v1/packages/${id}/versions/1`,
    headers: { ...bearer(w.people.orgOwner), 'content-type': 'application/octet-stream' },
    payload: Buffer.from('bytes'),
  })
  return id
}

const CASES: Case[] = [
  {
    action: 'org.seeOwnRole',
    route: 'GET /v1/orgs/:orgId/members',
    call: (w, a) => json(w, 'GET', `/v1/orgs/${w.orgId}/members`, a),
  },
  {
    action: 'org.invite',
    route: 'POST /v1/orgs/:orgId/invites',
    call: (w, a) =>
      json(w, 'POST', `/v1/orgs/${w.orgId}/invites`, a, {
        email: `i${++seq}@example.com`,
        role: 'operator',
        resource: { kind: 'machine', id: w.machine.mC },
      }),
  },
  {
    action: 'org.changeRole',
    route: 'POST /v1/orgs/:orgId/members/:userId/grants',
    call: async (w, a) => {
      const p = await w.addPerson(`m${++seq}@example.com`, [
        { role: 'operator', resource: { kind: 'machine', id: w.machine.mG }, orgId: w.orgId },
      ])
      return json(w, 'POST', `/v1/orgs/${w.orgId}/members/${p.userId}/grants`, a, {
        role: 'operator',
        resource: { kind: 'machine', id: w.machine.mC },
      })
    },
  },
  {
    action: 'org.changeRole',
    route: 'POST /v1/orgs/:orgId/api-keys',
    call: (w, a) =>
      json(w, 'POST', `/v1/orgs/${w.orgId}/api-keys`, a, {
        role: 'operator',
        resource: { kind: 'machine', id: w.machine.mC },
      }),
  },
  {
    action: 'package.upload',
    route: 'POST /v1/orgs/:orgId/packages',
    call: (w, a) => json(w, 'POST', `/v1/orgs/${w.orgId}/packages`, a, { name: `u${++seq}`, kind: 'module' }),
  },
  {
    action: 'package.upload',
    route: 'PUT /v1/packages/:packageId/versions/:version',
    call: async (w, a) =>
      w.app.inject({
        method: 'PUT',
        url: `/v1/packages/${await packageOf(w)}/versions/1`,
        headers: { ...a, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('x'),
      }),
  },
  {
    action: 'package.view',
    route: 'GET /v1/orgs/:orgId/packages',
    call: (w, a) => json(w, 'GET', `/v1/orgs/${w.orgId}/packages`, a),
  },
  {
    action: 'package.view',
    route: 'GET /v1/packages/:packageId',
    call: async (w, a) => json(w, 'GET', `/v1/packages/${await packageOf(w)}`, a),
  },
  {
    action: 'package.use',
    route: 'GET /v1/packages/:packageId/versions/:version',
    call: async (w, a) => json(w, 'GET', `/v1/packages/${await versionOf(w)}/versions/1`, a),
  },
  {
    action: 'package.delete',
    route: 'DELETE /v1/packages/:packageId/versions/:version',
    call: async (w, a) => json(w, 'DELETE', `/v1/packages/${await versionOf(w)}/versions/1`, a),
  },
  {
    action: 'package.delete',
    route: 'DELETE /v1/packages/:packageId',
    call: async (w, a) => json(w, 'DELETE', `/v1/packages/${await packageOf(w)}`, a),
  },
  {
    action: 'org.seeBilling',
    route: 'GET /v1/orgs/:orgId/usage',
    call: (w, a) => json(w, 'GET', `/v1/orgs/${w.orgId}/usage`, a),
  },
  {
    action: 'machine.seeAllTabs',
    route: 'GET /v1/parts/:partId/logs',
    call: (w, a) => json(w, 'GET', `/v1/parts/${w.part.pC}/logs`, a),
  },
  {
    action: 'machine.seeAllTabs',
    route: 'POST /v1/parts/:partId/logs',
    call: (w, a) =>
      json(w, 'POST', `/v1/parts/${w.part.pC}/logs`, a, {
        entries: [{ time: new Date().toISOString(), level: 'info', message: 'm' }],
      }),
  },
  {
    action: 'org.seeOwnRole',
    route: 'GET /v1/orgs/:orgId/logs/retention',
    call: (w, a) => json(w, 'GET', `/v1/orgs/${w.orgId}/logs/retention`, a),
  },
  {
    action: 'org.editName',
    route: 'PUT /v1/orgs/:orgId/logs/retention',
    call: (w, a) =>
      json(w, 'PUT', `/v1/orgs/${w.orgId}/logs/retention`, a, { maxAgeDays: 30, maxRowsPerPart: 1000 }),
  },
]

/** The seed's expectation for a column, read from the fixture by the row's label. */
function seedAllows(action: Action, column: number): boolean {
  const row = permissionRow(action)
  const seed = EXPECTED_ROWS.find((r) => r.section === row.section && r.label === row.label)
  if (!seed) throw new Error(`No seed row for ${action}`)
  return expectedKind(seed.cells[column] as string) !== 'no'
}

describeStorages('administration routes by seed role', (storage) => {
  let w: World
  beforeAll(async () => {
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => w?.close())

  for (const by of ['user', 'api key'] as const) {
    it(`answers every cell as the seed says, by ${by}`, async () => {
      const misses: string[] = []
      for (const c of CASES) {
        for (const [i, column] of COLUMN_LIST.entries()) {
          const person: Person = w.people[column]
          const res = await c.call(w, by === 'user' ? bearer(person) : keyAuth(person))
          const allowed = seedAllows(c.action, i)
          const ok = allowed ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === 403
          if (!ok)
            misses.push(
              `${c.route} (${c.action}) as ${SEED_COLUMNS[i]}: ${res.statusCode} ${res.body.slice(0, 120)}`,
            )
        }
      }
      expect(misses).toEqual([])
    }, 120_000)
  }

  it('shows member emails exactly where "See all org members" allows', async () => {
    for (const [i, column] of COLUMN_LIST.entries()) {
      const res = await json(w, 'GET', `/v1/orgs/${w.orgId}/members`, bearer(w.people[column]))
      const members = (res.json() as { members: { userId: string; email: string | null }[] }).members
      const others = members.filter((m) => m.userId !== w.people[column].userId)
      expect(others.length).toBeGreaterThan(0)
      expect(others.every((m) => m.email !== null)).toBe(seedAllows('org.seeAllMembers', i))
    }
  })
})
