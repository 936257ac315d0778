import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'

/** The config editor is the heaviest code in the window, loaded on first use: minutes on a loaded machine. */
const EDITOR_LOAD = 150_000
// Room for that within a test, which waits on events, not on sleeps.
test.describe.configure({ timeout: 300_000 })

// Issue 7, "No way back": the page's place is in the URL (its hash), so Back and Forward move
// between places, a reload comes back to the same one, the logo and the breadcrumb's root return
// to all machines, and a link to a machine can be shared in browser mode. Each test starts its own
// browser-mode server on a fixture cache.
const MACHINES = 12
const { fleet } = fixtureFleet(MACHINES)
const first = fleet.machines[0]!
const second = fleet.machines[1]!
const orgOf = (locationId: string): { id: string; name: string } => {
  const location = fleet.locations.find((l) => l.id === locationId)!
  return fleet.orgs.find((o) => o.id === location.orgId)!
}
const hashOf = (url: string): string => new URL(url).hash
let dataDir: string
let server: FleetServer | null = null

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => removeDir(dataDir))
test.afterEach(async () => {
  await server?.stop()
  server = null
})

test('the URL shows the place; Back, Forward and a reload keep it; the logo and the breadcrumb root go back to all machines', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  await expect.poll(() => hashOf(page.url())).toBe('#/')
  // The token was taken out of the address bar; the place was not.
  expect(page.url()).not.toContain('token=')

  const org = orgOf(first.locationId)
  await app.treeRow('org', org.name).click()
  await expect.poll(() => hashOf(page.url())).toBe(`#/org/${org.id}`)
  await expect(page.getByTestId('fleet-overview').getByRole('heading')).toHaveText(org.name)

  const machine = await app.openMachine(first.name)
  await expect.poll(() => hashOf(page.url())).toBe(`#/machine/${first.id}/control`)
  await machine.tab('CONFIGURE').click()
  await expect.poll(() => hashOf(page.url())).toBe(`#/machine/${first.id}/configure`)

  await page.goBack()
  await expect.poll(() => hashOf(page.url())).toBe(`#/machine/${first.id}/control`)
  await expect(machine.tab('CONTROL')).toHaveAttribute('aria-selected', 'true')
  await page.goBack()
  await expect.poll(() => hashOf(page.url())).toBe(`#/org/${org.id}`)
  await expect(page.getByTestId('fleet-overview').getByRole('heading')).toHaveText(org.name)
  await page.goForward()
  await expect(machine.root).toHaveAttribute('data-machine-id', first.id)
  await page.goForward()
  await expect(machine.tab('CONFIGURE')).toHaveAttribute('aria-selected', 'true')

  // A reload comes back to the same machine and tab.
  await page.reload()
  await app.waitForTree()
  await expect(machine.root).toHaveAttribute('data-machine-id', first.id)
  await expect(machine.tab('CONFIGURE')).toHaveAttribute('aria-selected', 'true')
  expect(hashOf(page.url())).toBe(`#/machine/${first.id}/configure`)

  // The logo goes back to all machines...
  await page.getByTestId('home').click()
  await expect.poll(() => hashOf(page.url())).toBe('#/')
  await expect(page.getByTestId('fleet-overview').getByRole('heading')).toHaveText('All machines')
  // ... and so does the breadcrumb's first step; Back returns to the machine.
  await app.openMachine(second.name)
  await expect(page.getByTestId('breadcrumb')).toContainText(second.name)
  await page.getByTestId('breadcrumb').getByRole('button', { name: 'All machines' }).click()
  await expect.poll(() => hashOf(page.url())).toBe('#/')
  await page.goBack()
  await expect(machine.root).toHaveAttribute('data-machine-id', second.id)
  app.assertNoPageErrors()
})

test('a link to a machine opens it, with the token before the #; the copied link says what it needs', async ({
  page,
  browser,
}) => {
  server = await startFleetServer(dataDir)
  const link = new URL(server.url)
  link.hash = `#/machine/${second.id}/history`
  // A fresh browser context: nothing remembered, as when a colleague opens the link.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: link.origin })
  const other = await context.newPage()
  const app = new FleetApp(other)
  await app.open(link.toString())
  const machine = new FleetApp(other).page.getByTestId('machine-page')
  await expect(machine).toHaveAttribute('data-machine-id', second.id)
  await expect(machine.getByRole('tab', { name: 'HISTORY' })).toHaveAttribute('aria-selected', 'true')
  await expect.poll(() => other.url()).toBe(`${link.origin}/#/machine/${second.id}/history`)

  await other.getByTestId('copy-link').click()
  const copied = await other.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(`${link.origin}/#/machine/${second.id}/history`)
  // The token is not in a copied link, and the app says what opening it needs.
  await expect(other.getByText('Link to this page copied')).toBeVisible()
  await expect(other.getByText(/\?token=… before the #/).first()).toBeVisible()
  app.assertNoPageErrors()
  await context.close()
  await page.close()
})

test('Back with an unsaved config asks first: keep editing stays, discard goes back', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  await app.openMachine(first.name)
  const machine = await app.openMachine(second.name)
  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible({ timeout: EDITOR_LOAD })
  const edited = JSON.stringify({ note: `unsaved-${Date.now()}`, components: [] }, null, 2)
  await machine.replaceConfig(edited)

  // Back to another tab of the same machine loses nothing: no question.
  await page.goBack()
  await expect(machine.tab('CONTROL')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('Discard unsaved changes?')).toHaveCount(0)

  // Back to the other machine would drop the edit: asked, and the address stays.
  await page.goBack()
  const ask = page.getByRole('dialog', { name: 'Discard unsaved changes?' })
  await expect(ask).toBeVisible()
  await expect(machine.root).toHaveAttribute('data-machine-id', second.id)
  await expect.poll(() => hashOf(page.url())).toBe(`#/machine/${second.id}/control`)
  await ask.getByRole('button', { name: 'Keep editing' }).click()
  await expect(ask).toBeHidden()
  await machine.tab('CONFIGURE').click()
  expect(await machine.editorText()).toContain('unsaved-')

  // Back again (twice: CONFIGURE was a step of its own), and this time discard.
  await page.goBack()
  await page.goBack()
  await expect(ask).toBeVisible()
  await ask.getByTestId('discard-changes').click()
  await expect(machine.root).toHaveAttribute('data-machine-id', first.id)
  await expect.poll(() => hashOf(page.url())).toBe(`#/machine/${first.id}/control`)
  app.assertNoPageErrors()
})

test('an address naming something the cache does not hold says so, and offers the way back', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  const link = new URL(server.url)
  link.hash = '#/machine/no-such-machine/control'
  await app.open(link.toString())
  await expect(page.getByTestId('not-in-cache')).toContainText('no-such-machine')
  await page.getByRole('button', { name: 'Show all machines' }).click()
  await expect.poll(() => hashOf(page.url())).toBe('#/')
  app.assertNoPageErrors()
})
