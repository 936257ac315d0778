import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'

// An operator sees CONTROL only, and the core (not just the UI) refuses its config save.
const MACHINES = 120
const fleet = fixtureFleet(MACHINES)
let dataDir: string
let server: FleetServer | null = null

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(async () => {
  await server?.stop()
  removeDir(dataDir)
})

test('a machine operator sees only CONTROL and the core refuses its config save', async ({ page }) => {
  const operator = fleet.roleUsers.find(
    (u) => u.level === 'machine' && u.role === 'operator' && u.orgId === 'org-acme',
  )!
  const machine = fleet.fleet.machines.find((m) => m.name === operator.resourceName)!
  const part = fleet.fleet.parts.find((p) => p.machineId === machine.id && p.isMain)!
  server = await startFleetServer(dataDir, { as: operator.email })
  const app = new FleetApp(page)
  await app.open(server.url)

  // Only the one machine the grant names is in the tree.
  await expect(page.locator('[data-testid="tree-row"][data-kind="machine"]')).toHaveCount(1)
  const machinePage = await app.openMachine(machine.name)
  expect(await machinePage.tabNames()).toEqual(['CONTROL'])
  await expect(machinePage.root).toContainText(/motor|board|sensor|servo|camera|encoder|generic/i)

  // Go around the UI: call the core directly over the bridge with the page's own token.
  const token = new URL(server.url).searchParams.get('token')!
  const reply = await page.evaluate(
    async ({ token, partId }) => {
      const ws = new WebSocket(`ws://${location.host}/api?token=${token}`)
      await new Promise((resolve, reject) => {
        ws.onopen = resolve
        ws.onerror = reject
      })
      const answer = new Promise<unknown>((resolve) => {
        ws.onmessage = (e) => {
          const msg = JSON.parse(String(e.data)) as { kind: string; id?: number; reply?: unknown }
          if (msg.kind === 'reply' && msg.id === 7) resolve(msg.reply)
        }
      })
      ws.send(
        JSON.stringify({
          id: 7,
          method: 'savePartConfig',
          params: { partId, baseRevision: 1, config: { components: [] } },
        }),
      )
      const result = await answer
      ws.close()
      return result
    },
    { token, partId: part.id },
  )
  expect(reply).toMatchObject({ ok: false, error: { code: 'permission-denied' } })
  app.assertNoPageErrors()
})

test('a location owner sees the machines under the location and none of its parent', async ({ page }) => {
  const owner = fleet.roleUsers.find(
    (u) => u.level === 'location' && u.role === 'owner' && u.orgId === 'org-acme',
  )!
  const site = fleet.fleet.locations.find((l) => l.orgId === 'org-acme' && l.name === owner.resourceName)!
  const expected = fleet.fleet.machines.filter((m) => m.locationId.startsWith(site.id)).length
  await server?.stop()
  server = await startFleetServer(dataDir, { as: owner.email })
  const app = new FleetApp(page)
  await app.open(server.url)
  await expect(page.locator('[data-testid="tree-row"][data-kind="org"]')).toHaveCount(1)
  // The tree is virtualized, so count through the overview's total rather than rows on screen.
  await expect(page.getByText(`${expected} machines`).first()).toBeVisible()
  const otherSite = fleet.fleet.locations.find(
    (l) => l.orgId === 'org-acme' && l.parentId === null && l.id !== site.id,
  )!
  await expect(app.treeRow('location', otherSite.name)).toHaveCount(0)
  await expect(app.treeRow('location', site.name)).toHaveCount(1)
  app.assertNoPageErrors()
})
