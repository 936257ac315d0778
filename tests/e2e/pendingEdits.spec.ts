import { expect, test, type Page } from '@playwright/test'
import { FleetApp, type MachinePage } from './pages/FleetApp'
import { PendingEdits } from './pages/PendingEdits'
import { RobotPanels } from './pages/RobotPanels'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'
import {
  makeTempDir,
  removeTempDir,
  startRobot,
  strangerRobot,
  type RunningRobot,
} from './robots/support/testRobots'

// The pending-edits list in the top bar, as a newcomer used it: its count must match what it lists
// without a reload, an entry must open CONFIGURE, and two edits of one part must each be viewable
// and discardable. Each test gets its own data folder, so counts start from zero.
const MACHINES = 12
const fleet = fixtureFleet(MACHINES)
const nameOf = (i: number): string => fleet.fleet.machines[i]!.name
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
const robots: RunningRobot[] = []

test.beforeEach(() => {
  dataDir = makeFixtureDir(MACHINES)
  robotDir = makeTempDir('pending')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeDir(dataDir)
  removeTempDir(robotDir)
})

async function start(page: Page): Promise<{ app: FleetApp; pending: PendingEdits }> {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  return { app, pending: new PendingEdits(page) }
}

/** Saves a small config carrying a note (unknown keys are kept) for the machine, through CONFIGURE. */
async function saveNote(app: FleetApp, index: number, note: string): Promise<MachinePage> {
  const machine = await app.openMachine(nameOf(index))
  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible({ timeout: 30_000 })
  await expect(app.page.getByTestId('config-revert')).toBeVisible()
  const config = {
    note,
    components: [{ name: 'board', api: 'rdk:component:board', model: 'fake', attributes: {} }],
  }
  await machine.replaceConfig(JSON.stringify(config, null, 2))
  await expect(app.page.getByTestId('config-save')).toBeEnabled()
  await machine.save()
  await expect(machine.pendingMarker).toContainText('not yet synced')
  await expect(app.page.getByTestId('config-save')).toBeDisabled()
  return machine
}

test('after a robot is added to a location, the count and the list agree at once; its HISTORY says one thing', async ({
  page,
}) => {
  const { app, pending } = await start(page)
  await saveNote(app, 2, 'before-a')
  await saveNote(app, 3, 'before-b')
  await expect(pending.count).toHaveText('2')

  // A robot nobody has added yet (its own part id), with a small config.
  const robot = {
    ...strangerRobot('pending-bench-bot'),
    machineConfig: {
      components: [{ name: 'io', api: 'rdk:component:board', model: 'fake', attributes: {} }],
    },
  }
  robots.push(await startRobot(robot, { dataDir: robotDir }))
  const ui = new RobotPanels(page)
  const row = ui.nearbyRow(robot.partId)
  await expect(row).toBeVisible()
  await ui.openConnect(robot.partId)
  await ui.submitSecret(robot.secret)
  await expect(ui.dialog).toBeHidden()
  await row.getByTestId('add-robot-button').click()
  await page.getByTestId('add-robot-location').click()
  await page.getByRole('option').first().click()
  await page.getByTestId('add-robot-submit').click()
  await expect(page.getByTestId('machine-page')).toBeVisible({ timeout: 30_000 })
  await expect(row).toContainText('known')

  // The new machine, its part and its config (read from the robot) wait in the outbox beside the two
  // edits already there: the top bar says so before anyone opens the list, and the list holds as
  // many as the count says, the creates as sentences. (Soft: each point is a bug of its own.)
  await expect.soft(pending.count).toHaveText('5')
  await pending.open()
  await expect(pending.items).toHaveCount(5)
  await expect.soft(pending.items.filter({ hasText: /New machine “/ })).toHaveCount(1)
  await expect.soft(pending.items.filter({ hasText: /New main part “/ })).toHaveCount(1)
  await expect.soft(pending.count).toHaveText('5')
  await expect.soft(pending.button).toHaveAccessibleName('5 edits not yet synced. Show them.')
  await page.screenshot({ path: '/tmp/uiconfig-pending-after-add.png' })
  await pending.close()

  // The new machine has no revisions: its HISTORY shows one message, not an empty list beside
  // "pick a revision".
  await page.getByTestId('machine-connect').click() // disconnect: nothing here needs the session
  await expect(page.getByTestId('machine-connect')).toHaveAttribute('data-action', 'connect')
  await page.getByRole('tab', { name: 'HISTORY' }).click()
  const history = page.getByRole('tabpanel', { name: 'HISTORY' })
  await expect(history.getByText(/revision/i).first()).toBeVisible()
  await expect.soft(history.getByText(/revision/i)).toHaveCount(1)
  await expect.soft(history.getByText(/Pick a revision/)).toHaveCount(0)
  await expect.soft(history.getByText(/no config revisions yet/)).toBeVisible()
  await page.screenshot({ path: '/tmp/uiconfig-history-empty.png' })
  app.assertNoPageErrors()
})

test('an edit in the list opens its machine on CONFIGURE, from anywhere', async ({ page }) => {
  const { app, pending } = await start(page)
  await saveNote(app, 4, 'open-me')
  await expect(pending.count).toHaveText('1')
  await expect.soft(pending.button).toHaveAccessibleName('1 edit not yet synced. Show them.')

  // From another machine's CONTROL tab.
  const other = await app.openMachine(nameOf(6))
  await other.tab('CONTROL').click()
  await expect(other.tab('CONTROL')).toHaveAttribute('aria-selected', 'true')
  await pending.open()
  await expect(pending.items).toHaveCount(1)
  await pending.items.first().getByText(nameOf(4)).click()
  const machine = page.getByTestId('machine-page')
  await expect(machine).toHaveAttribute('data-machine-id', fleet.fleet.machines[4]!.id)
  await expect(machine.getByRole('tab', { name: 'CONFIGURE' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('config-editor')).toContainText('open-me')

  // And from the same machine's CONTROL tab: the page already open switches tab.
  await machine.getByRole('tab', { name: 'CONTROL' }).click()
  await expect(machine.getByRole('tab', { name: 'CONTROL' })).toHaveAttribute('aria-selected', 'true')
  await pending.open()
  await pending.items.first().getByText(nameOf(4)).click()
  await expect(machine.getByRole('tab', { name: 'CONFIGURE' })).toHaveAttribute('aria-selected', 'true')
  app.assertNoPageErrors()
})

test('two edits of one part, both based on the same revision, can each be seen and discarded', async ({
  page,
}) => {
  const { app, pending } = await start(page)
  await saveNote(app, 5, 'first-edit')
  const machine = await saveNote(app, 5, 'second-edit')
  await expect(pending.count).toHaveText('2')

  await pending.open()
  await expect(pending.items).toHaveCount(2)
  // Same part, same base revision: the list tells them apart.
  await expect(pending.items.nth(0)).toContainText('based on revision 5')
  await expect(pending.items.nth(1)).toContainText('based on revision 5')
  await expect(pending.items.nth(0)).toContainText('edit 1 of 2')
  await expect(pending.items.nth(1)).toContainText('edit 2 of 2, newest')

  // The older one can be seen, read only, with what it saves.
  await pending.items.nth(0).getByTestId('outbox-view').click()
  const viewer = page.getByTestId('outbox-edit-viewer')
  await expect(viewer).toContainText('first-edit')
  await expect(viewer).not.toContainText('second-edit')
  await page.screenshot({ path: '/tmp/uiconfig-pending-view.png' })
  await page.getByTestId('outbox-edit-dialog').getByRole('button', { name: 'Close' }).click()
  await expect(viewer).toBeHidden()

  // The newer one can be discarded, after a confirmation that says what is lost.
  await expect(pending.dropdown).toBeVisible()
  await pending.items.nth(1).getByTestId('outbox-discard').click()
  const confirm = page.getByTestId('outbox-discard-dialog')
  await expect(confirm).toContainText(nameOf(5))
  await expect(confirm).toContainText('edit 2 of 2, newest')
  await expect(confirm).toContainText('never reaches the hub')
  await page.screenshot({ path: '/tmp/uiconfig-pending-discard.png' })
  await page.getByTestId('outbox-discard-confirm').click()
  await expect(confirm).toBeHidden()
  await expect(pending.items).toHaveCount(1)
  await expect(pending.count).toHaveText('1')
  await expect(pending.items.first()).not.toContainText('edit 1 of')
  await pending.close()

  // CONFIGURE now shows the edit that is left, still pending (from the top: the editor draws what is in view).
  await machine.editor.click()
  await page.keyboard.press('ControlOrMeta+Home')
  await expect(page.getByTestId('config-editor')).toContainText('first-edit')
  await expect(page.getByTestId('config-editor')).not.toContainText('second-edit')
  await expect(machine.pendingMarker).toContainText('not yet synced')
  app.assertNoPageErrors()
})
