import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'

// Issue 7, "Misleading messages": what the page says must be true of what is on screen. An empty
// location is empty (no filter is set); a filter that hides every machine says so and clears; the
// connect dialog's hint about the part secret points somewhere that has it. (The core stopping
// under a live session is in robots/statusWords.spec.ts.)
const MACHINES = 12
const { fleet } = fixtureFleet(MACHINES)
let dataDir: string
let server: FleetServer | null = null

/** A location with no machine at or below it. */
function emptyLocation(): { id: string; name: string } {
  const under = (locationId: string, machineLocation: string): boolean => {
    for (let l = fleet.locations.find((x) => x.id === machineLocation); l;) {
      if (l.id === locationId) return true
      const parent = l.parentId
      l = parent ? fleet.locations.find((x) => x.id === parent) : undefined
    }
    return false
  }
  const empty = fleet.locations.find((l) => !fleet.machines.some((m) => under(l.id, m.locationId)))
  if (!empty) throw new Error('the fixture has no empty location')
  return empty
}

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => removeDir(dataDir))
test.afterEach(async () => {
  await server?.stop()
  server = null
})

test('an empty location says it has no machines, not that a filter hides them; a filter that hides all says so', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const location = emptyLocation()
  // Found by its id, as a technician with a ticket would.
  await app.search.fill(location.id)
  await app.page.locator(`[data-testid="tree-row"][data-kind="location"][data-id="${location.id}"]`).click()
  const overview = page.getByTestId('fleet-overview')
  await expect(overview.getByRole('heading')).toHaveText(location.name)
  await expect(overview).toContainText('No machines in')
  await expect(overview).not.toContainText(/filter/i)

  // All machines, a filter that matches none: the message names the filter and clears it.
  await page.getByTestId('home').click()
  await page.getByTestId('overview-filter').fill('no-machine-is-called-this')
  await expect(page.getByTestId('overview-empty')).toContainText('"no-machine-is-called-this"')
  await page.getByTestId('overview-clear-filter').click()
  await expect(page.getByTestId('overview-filter')).toHaveValue('')
  await expect(page.getByTestId('overview-row').first()).toBeVisible()
  app.assertNoPageErrors()
})

test('the part-secret hint points where the secret is, and the CONNECT tab agrees', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const machine = await app.openMachine(fleet.machines[1]!.name)
  await page.getByTestId('machine-connect').click()
  // Nothing is remembered for this machine: the form asks for the secret, and says where it is.
  const secret = page.getByTestId('connect-secret')
  await expect(secret).toBeVisible()
  const text = (await page.getByTestId('connect-dialog').innerText()).replace(/\s+/g, ' ')
  expect(text).not.toMatch(/CONNECT tab/i)
  expect(text).toContain("the robot's agent config")
  await page.keyboard.press('Escape')

  // The CONNECT tab shows no secret, and says so, pointing to the same place.
  await machine.tab('CONNECT').click()
  await expect(page.getByTestId('secret-where')).toContainText("the robot's agent config")
  app.assertNoPageErrors()
})
