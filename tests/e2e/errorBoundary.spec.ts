import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { tapCoreSocket } from './support/coreSocketTap'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'

// A part of the window that throws while rendering takes down only itself: it says what failed, in
// the error's words, with a way to try again, and the sidebar, the top bar and the other tabs keep
// working. Made to fail the way they would in use: a config pasted 2,000 levels deep, a reply the
// renderer cannot read, a robot answering one component's call with the wrong shape.
const MACHINES = 12
const { fleet } = fixtureFleet(MACHINES)
const machine = (i: number): (typeof fleet.machines)[number] => fleet.machines[i]!
const mainPart = (i: number): string => fleet.parts.find((p) => p.machineId === machine(i).id && p.isMain)!.id
let dataDir: string
let server: FleetServer

test.beforeAll(async () => {
  dataDir = makeFixtureDir(MACHINES)
  server = await startFleetServer(dataDir)
})
test.afterAll(async () => {
  await server.stop()
  removeDir(dataDir)
})

/** The rest of the window still answers: the top bar is there and the tree opens another machine. */
async function expectWindowWorks(app: FleetApp, otherIndex: number): Promise<void> {
  await expect(app.page.getByRole('button', { name: /not yet synced/ })).toBeVisible()
  await app.findMachine(machine(otherIndex).name)
  await app.treeRow('machine', machine(otherIndex).name).first().click()
  // Text pasted into CONFIGURE is an unsaved edit: if leaving asks first, the user lets it go.
  const discard = app.page.getByTestId('discard-changes')
  const arrived = app.page.locator(
    `[data-testid="machine-page"][data-machine-id="${machine(otherIndex).id}"]`,
  )
  await expect(arrived.or(discard).first()).toBeVisible()
  if (await discard.isVisible()) await discard.click()
  await expect(arrived).toBeVisible()
}

test('a config nested 2,000 deep pasted into CONFIGURE does not blank the window', async ({ page }) => {
  const app = new FleetApp(page)
  await app.open(server.url)
  const m = await app.openMachine(machine(3).name)
  await m.tab('CONFIGURE').click()
  await expect(m.editor).toBeVisible({ timeout: 30_000 })
  const depth = 2000
  const deep = `{"components":[{"name":"deep","api":"rdk:component:generic","model":"fake","attributes":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`
  await m.replaceConfig(deep)

  // Either the check copes (a problem listed) or the tab fails alone: never a blank window.
  const failed = page.getByTestId('error-boundary')
  const listed = page.getByTestId('config-errors')
  await expect(failed.or(listed).first()).toBeVisible({ timeout: 30_000 })
  await expect(m.root).toBeVisible()
  await expect(m.tab('HISTORY')).toBeVisible()
  await page.screenshot({ path: '/tmp/uiconfig-deep-config.png' })
  if (await failed.isVisible()) {
    await expect(failed).toHaveAttribute('data-what', 'the CONFIGURE tab')
    await expect(failed).toContainText('The CONFIGURE tab stopped working')
    await expect(page.getByTestId('error-boundary-detail')).not.toBeEmpty()
    // The other tabs still work, and Try again brings the editor back with the saved config.
    await m.tab('HISTORY').click()
    await expect(page.getByTestId('history-row').first()).toBeVisible()
    await m.tab('CONFIGURE').click()
    await page.getByTestId('error-boundary-retry').click()
    await expect(m.editor).toBeVisible({ timeout: 30_000 })
    await expect(failed).toHaveCount(0)
  } else {
    // The check coped: the problem is listed; put the saved config back before moving on.
    await expect(listed).toBeVisible()
    await page.getByTestId('config-revert').click()
    await expect(listed).toHaveCount(0)
  }
  await expectWindowWorks(app, 4)
  app.assertNoPageErrors()
})

test('a CONTROL tab that cannot read its reply fails alone, says why, and recovers with Try again', async ({
  page,
}) => {
  const tap = await tapCoreSocket(page)
  // A reply the renderer cannot read: a list of components holding nothing.
  tap.changeReplies('getMachineComponents', () => [null])
  const app = new FleetApp(page)
  await app.open(server.url)
  const m = await app.openMachine(machine(5).name)
  await m.tab('CONTROL').click()
  const failed = m.root.getByTestId('error-boundary')
  await expect(failed).toHaveAttribute('data-what', 'the CONTROL tab')
  await expect(failed).toContainText('The CONTROL tab stopped working')
  await expect(failed.getByTestId('error-boundary-detail')).toContainText('TypeError')
  await expect(failed.getByTestId('error-boundary-retry')).toBeVisible()
  // The page's header and its other tabs are untouched.
  await expect(m.root).toContainText(machine(5).name)
  await m.tab('CONFIGURE').click()
  await expect(m.editor).toBeVisible({ timeout: 30_000 })
  await page.screenshot({ path: '/tmp/uiconfig-boundary-tab.png' })

  // Once the replies are readable again, Try again shows the tab.
  tap.changeReplies('getMachineComponents', null)
  await m.tab('CONTROL').click()
  await failed.getByTestId('error-boundary-retry').click()
  await expect(page.getByTestId('control-component').first()).toBeVisible()
  await expect(failed).toHaveCount(0)
  await expectWindowWorks(app, 6)
  app.assertNoPageErrors()
})

test('one CONTROL panel whose robot answers in the wrong shape fails alone; the other panels work', async ({
  page,
}) => {
  const tap = await tapCoreSocket(page)
  // The robot lists its board's analog readers as a number instead of a list of names.
  tap.answer('callComponent', (params) => {
    const p = params as { method?: string }
    return p.method === 'analogNames' ? { names: 7 } : undefined
  })
  const app = new FleetApp(page)
  await app.open(server.url)
  const m = await app.openMachine(machine(3).name)
  await m.tab('CONTROL').click()
  await expect(page.getByTestId('control-component').first()).toBeVisible()
  // A live session to the machine, as the core would announce it.
  tap.emit('robotSession', {
    partId: mainPart(3),
    machineId: machine(3).id,
    machineName: machine(3).name,
    address: '127.0.0.1:9',
    state: 'live',
    role: 'owner',
    error: null,
    since: new Date().toISOString(),
    attempts: 0,
  })
  const failed = page.getByTestId('error-boundary')
  await expect(failed).toHaveCount(1)
  await expect(failed).toHaveAttribute('data-what', 'the board panel "board"')
  await expect(failed).toContainText('The board panel "board" stopped working')
  await expect(failed.getByTestId('error-boundary-detail')).toContainText('TypeError')
  // The other panels of the robot are there, and so is the tab around them.
  await expect(page.getByTestId('robot-control')).toBeVisible()
  await expect(page.locator('[data-testid^="panel-"][data-name]').first()).toBeVisible()
  expect(await page.locator('section[data-testid^="panel-"]').count()).toBeGreaterThan(1)
  await page.screenshot({ path: '/tmp/uiconfig-boundary-panel.png' })

  // Answered properly, the panel comes back on Try again.
  tap.answer('callComponent', (params) => {
    const p = params as { method?: string }
    return p.method === 'analogNames' ? { names: ['current'] } : undefined
  })
  await failed.getByTestId('error-boundary-retry').click()
  await expect(page.locator('[data-testid="panel-board"][data-name="board"]')).toBeVisible()
  await expect(failed).toHaveCount(0)
  app.assertNoPageErrors()
})

test('a sidebar that cannot show a robot fails alone; the machine page keeps working', async ({ page }) => {
  const tap = await tapCoreSocket(page)
  const app = new FleetApp(page)
  await app.open(server.url)
  const m = await app.openMachine(machine(7).name)
  // A robot announcing its name as an object, not text.
  const odd = {
    partId: 'odd-robot',
    machineName: { first: 'odd' },
    host: '127.0.0.1',
    port: 9,
    protocolVersion: 1,
    lastSeen: new Date().toISOString(),
    machineId: null,
    connected: false,
  }
  tap.emit('nearby', [odd])
  const failed = page.getByRole('navigation', { name: 'Fleet' }).getByTestId('error-boundary')
  await expect(failed).toHaveAttribute('data-what', 'the fleet sidebar')
  await expect(failed.getByTestId('error-boundary-detail')).not.toBeEmpty()
  await page.screenshot({ path: '/tmp/uiconfig-boundary-sidebar.png' })
  // The main area is untouched and still answers.
  await m.tab('HISTORY').click()
  await expect(page.getByTestId('history-row').first()).toBeVisible()
  await m.tab('CONFIGURE').click()
  await expect(m.editor).toBeVisible({ timeout: 30_000 })

  // With a readable list again, Try again brings the tree back.
  tap.emit('nearby', [])
  await failed.getByTestId('error-boundary-retry').click()
  await expect(app.search).toBeVisible()
  await expect(failed).toHaveCount(0)
  await app.openMachine(machine(8).name)
  app.assertNoPageErrors()
})
