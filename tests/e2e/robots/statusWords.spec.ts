import { expect, test, type Locator, type Page } from '@playwright/test'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from '../support/fleetServer'
import { fixtureRobot, makeTempDir, removeTempDir, startRobot, type RunningRobot } from './support/testRobots'

/** The config editor is the heaviest code in the window, loaded on first use: minutes on a loaded machine. */
const EDITOR_LOAD = 150_000
// Room for that within a test, which waits on events, not on sleeps.
test.describe.configure({ timeout: 300_000 })

// Issue 7, "A machine's status contradicts itself": each status word with its source and age (the
// hub's as last synced, the LAN, this computer's session), never two that disagree without a note
// saying why, "Last seen" that is "now" while the robot is live, and the revision the robot runs in
// the fleet's numbering. Browser mode in Chromium, agents with fake models on loopback.
const MACHINES = 12
const { fleet } = fixtureFleet(MACHINES)
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
const robots: RunningRobot[] = []

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => removeDir(dataDir))
test.beforeEach(() => {
  robotDir = makeTempDir('status')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeTempDir(robotDir)
})

/** The revision a fixture machine's main part is at in the cache. */
function revisionOf(index: number): number {
  const machine = fleet.machines[index]!
  const part = fleet.parts.find((p) => p.machineId === machine.id && p.isMain)!
  return Math.max(...fleet.revisions.filter((r) => r.partId === part.id).map((r) => r.revision))
}
/** Each test drives its own machine: a secret remembered by an earlier test would skip the form. */
const ONLINE = fleet.machines.findIndex((m) => m.status === 'online')
const OTHERS = fleet.machines.flatMap((m, i) =>
  m.status !== 'online' && fleet.parts.filter((p) => p.machineId === m.id).length === 1 ? [i] : [],
)

const fact = (page: Page, id: string): Locator =>
  page.locator(`[data-testid="status-fact"][data-fact="${id}"]`)
const factValue = (page: Page, id: string): Locator => fact(page, id).getByTestId('fact-value')

async function connect(page: Page, ui: RobotPanels, partId: string, secret: string): Promise<void> {
  await ui.openConnect(partId)
  // A secret remembered from an earlier run connects at once; otherwise the form asks for it.
  const field = page.getByTestId('connect-secret')
  await expect
    .poll(async () => (await field.isVisible()) || !(await ui.dialog.isVisible()), { timeout: 30_000 })
    .toBe(true)
  if (await field.isVisible()) await ui.submitSecret(secret)
  await ui.expectLive()
}

test('without a session: the hub word says where it comes from, and Online beside Not connected is explained', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const machine = fleet.machines[ONLINE]!
  await app.openMachine(machine.name)

  // The cache was never synced with a hub (a fixture fleet): its "online" is old news, drawn so.
  const status = page.getByTestId('machine-status')
  await expect(status).toHaveAttribute('data-word', 'Online')
  await expect(status).toHaveAttribute('data-tone', 'stale')
  await expect(page.getByTestId('machine-status-source')).toHaveText('local cache, never synced with a hub')
  await expect(page.getByTestId('session-state')).toHaveAttribute('data-state', 'closed')
  // The two would disagree: a note says why.
  await expect(page.getByTestId('status-note')).toContainText('does not see the robot on its LAN')
  // Every hub fact says its source once; Last seen is the hub's.
  await expect(fact(page, 'hub')).toContainText('Online')
  await expect(page.getByTestId('status-facts')).toContainText('local cache, never synced with a hub')
  await expect(factValue(page, 'lastSeen')).toHaveText(/ago|yesterday|\d{4}-/)
  await page.screenshot({ path: '/tmp/fleetdesk-e2e-status-cached.png' })
  app.assertNoPageErrors()
})

test('with a live session: one word, Last seen now, and the revision the robot runs as the cache numbers it', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const index = OTHERS[0]!
  const revision = revisionOf(index)
  const robot = fixtureRobot(MACHINES, index)
  // The robot was given the machine's config with its fleet revision (as the demo robots are).
  robots.push(await startRobot(robot, { dataDir: robotDir, configRevision: revision }))

  await app.openMachine(robot.machineName)
  // On the LAN, no session yet: seen now, and the LAN fact gives the address.
  await expect(page.getByTestId('machine-status')).toHaveAttribute('data-word', 'Nearby')
  await expect(factValue(page, 'lastSeen')).toHaveText('now')
  await expect(factValue(page, 'lan')).toContainText('127.0.0.1:')

  await connect(page, ui, robot.partId, robot.secret)
  await page.getByRole('tab', { name: 'CONTROL' }).click()
  // The session badge is the one headline now; the hub's own word stays, with its source.
  await expect(page.getByTestId('machine-status')).toHaveCount(0)
  await expect(ui.sessionState).toContainText('Robot live · owner')
  await expect(factValue(page, 'lastSeen')).toHaveText('now')
  await expect(fact(page, 'lastSeen')).toContainText('live session')
  // "Config revision 5" beside "Running revision 1" was the bug: one revision, the robot's, agreeing.
  await expect(factValue(page, 'revision')).toHaveText(String(revision))
  await expect(fact(page, 'revision')).toHaveAttribute('data-tone', 'good')
  await expect(page.getByTestId('status-note').filter({ hasText: 'revision' })).toHaveCount(0)
  await expect(app.treeRow('machine', robot.machineName).getByTestId('tree-status')).toHaveText('live')
  await page.screenshot({ path: '/tmp/fleetdesk-e2e-status-live.png' })
  app.assertNoPageErrors()
})

test('a robot that numbered its own config is told why, and Apply to robot gives it the fleet revision', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const index = OTHERS[1]!
  const revision = revisionOf(index)
  // A light robot (one sensor), so a loaded machine spends its time on the page, not on cameras.
  const robot = {
    ...fixtureRobot(MACHINES, index),
    machineConfig: { components: [{ name: 'air', api: 'rdk:component:sensor', model: 'fake' }] },
  }
  // Started from a config file with no revision: the agent calls it revision 1.
  robots.push(await startRobot(robot, { dataDir: robotDir }))
  const machine = await app.openMachine(robot.machineName)
  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible({ timeout: EDITOR_LOAD })
  await connect(page, ui, robot.partId, robot.secret)

  await expect(factValue(page, 'revision')).toHaveText(`1 on the robot, ${revision} in the cache`)
  await expect(page.getByTestId('status-note').filter({ hasText: 'older than revision' })).toBeVisible()

  // Applying the saved config (the hub's revision, no local edit) sends its number with it.
  await page.getByTestId('config-apply').click()
  await expect(page.getByTestId('config-apply-result')).toBeVisible()
  await expect(factValue(page, 'revision')).toHaveText(String(revision))
  await expect(page.getByTestId('status-note').filter({ hasText: 'revision' })).toHaveCount(0)
  app.assertNoPageErrors()
})

test('when the core stops, sessions read unknown and STOP ALL says it cannot reach anything', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const robot = fixtureRobot(MACHINES, OTHERS[2]!)
  robots.push(await startRobot(robot, { dataDir: robotDir }))
  await app.openMachine(robot.machineName)
  await connect(page, ui, robot.partId, robot.secret)
  await expect(ui.stopAll).toHaveAttribute('data-available', 'true')

  // The core goes away without a word.
  const gone = server
  server = null
  await gone.kill()
  await expect(page.getByTestId('core-disconnected')).toBeVisible()
  await expect(ui.sessionState).toHaveAttribute('data-state', 'unknown')
  await expect(ui.sessionState).toContainText('Session unknown')
  await expect(ui.stopAll).toHaveAttribute('data-available', 'false')
  await expect(ui.stopAll).toHaveText('STOP ALL unavailable')
  await expect(ui.nearbyRow(robot.partId).locator('[data-session-state]')).toHaveAttribute(
    'data-session-state',
    'unknown',
  )
  await expect(app.treeRow('machine', robot.machineName).getByTestId('tree-status')).toHaveText('unknown')
  await expect(page.getByTestId('nearby-count')).toContainText('unknown')
  // Pressing it says why nothing was stopped from here.
  await ui.stopAll.click()
  await expect(page.getByText('STOP ALL could not be sent')).toBeVisible()
  await page.screenshot({ path: '/tmp/fleetdesk-e2e-status-core-lost.png' })
  app.assertNoPageErrors()
})
