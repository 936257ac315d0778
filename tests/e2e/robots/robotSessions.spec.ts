import { expect, test } from '@playwright/test'
import { exportSPKI, generateKeyPair } from 'jose'
import { signPartToken } from '../../../src/shared/robot/auth'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'
import {
  fixtureRobot,
  freePort,
  makeTempDir,
  removeTempDir,
  spawnRobots,
  startRobot,
  strangerRobot,
  type RunningRobot,
  type RobotProcess,
} from './support/testRobots'

// Robots end to end: browser mode in Chromium, agents with fake models on loopback (mDNS and real
// WebRTC), the desktop core in between. Each test starts its own server and robots and stops them.
const MACHINES = 12
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
const robots: RunningRobot[] = []
const processes: RobotProcess[] = []

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => {
  removeDir(dataDir)
})
test.beforeEach(() => {
  robotDir = makeTempDir('robots')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  await Promise.all(processes.splice(0).map((p) => p.kill()))
  removeTempDir(robotDir)
})

test('a robot is listed within a second of its start, a wrong secret is refused in its words, it is gone when it leaves', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)

  const robot = strangerRobot('bench-bot')
  const running = await startRobot(robot, { dataDir: robotDir })
  robots.push(running)
  // Advertised now (the agent resolved after its first announcement): listed within a second.
  const row = ui.nearbyRow(robot.partId)
  await expect(row).toBeVisible({ timeout: 1000 })
  await expect(row).toContainText('unknown')
  await expect(row).toContainText(`127.0.0.1:${running.port}`)
  await expect(ui.stopAll).toHaveCount(0)

  await ui.openConnect(robot.partId)
  await ui.submitSecret('certainly-not-the-secret')
  await expect(ui.connectError).toContainText('wrong part secret')
  await ui.submitSecret(robot.secret)
  await expect(ui.dialog).toBeHidden()
  await expect(ui.stopAll).toBeVisible()

  // A robot the fleet does not know still gets a page of its own, with every panel its status lists.
  await row.getByTestId('nearby-open').click()
  await expect(page.getByTestId('robot-page')).toBeVisible()
  await expect(ui.sessionState).toHaveAttribute('data-state', 'live')
  for (const type of [
    'base',
    'motor',
    'servo',
    'board',
    'sensor',
    'movement_sensor',
    'encoder',
    'camera',
    'generic',
  ])
    await expect(page.getByTestId(`panel-${type}`)).toHaveCount(1)
  await expect(page.getByTestId('camera-image')).toBeVisible()
  await ui.panel('generic', 'ops').getByTestId('generic-run').click()
  await expect(ui.panel('generic', 'ops').getByTestId('generic-result')).toContainText('"counter": 3')
  // A call the robot refuses shows its error in the panel it came from.
  await ui.panel('servo', 'shoulder').getByTestId('servo-target').fill('500')
  await ui.panel('servo', 'shoulder').getByTestId('servo-move').click()
  await expect(ui.panel('servo', 'shoulder').getByTestId('panel-error')).toContainText('move')
  await expect(ui.panel('motor', 'left-motor').getByTestId('panel-error')).toHaveCount(0)

  // Adding it to a location makes it a machine of the fleet, found in the tree.
  await row.getByTestId('add-robot-button').click()
  await page.getByTestId('add-robot-location').click()
  await page.getByRole('option').first().click()
  await page.getByTestId('add-robot-submit').click()
  await expect(page.getByTestId('machine-page')).toBeVisible()
  await expect(page.getByTestId('add-robot-error')).toHaveCount(0)
  await expect(row).toContainText('known')

  // Leaving (mDNS goodbye) takes it off the list.
  robots.splice(robots.indexOf(running), 1)
  await running.stop()
  await expect(row).toHaveCount(0, { timeout: 3000 })
  app.assertNoPageErrors()
})

test('a known machine: motor power moves it, sensors read live, the base drives only while a key is held, logs arrive live, config applies over the LAN', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const robot = fixtureRobot(MACHINES, 1)
  robots.push(await startRobot(robot, { dataDir: robotDir }))

  const row = ui.nearbyRow(robot.partId)
  await expect(row).toContainText('known')
  await ui.openConnect(robot.partId)
  await ui.submitSecret(robot.secret)
  await expect(ui.dialog).toBeHidden()
  await row.getByTestId('nearby-open').click()
  await expect(page.getByTestId('machine-page')).toHaveAttribute('data-machine-id', robot.machineId ?? '')
  await ui.expectLive()
  await expect(page.getByTestId('live-status')).toContainText('Live from the robot')
  // The revision the robot runs, beside the cached one (machine header, machineStatusFacts).
  await expect(page.locator('[data-testid="status-fact"][data-fact="revision"]')).toContainText(
    'on the robot',
  )
  await expect(page.getByTestId('machine-connect')).toHaveAttribute('data-action', 'disconnect')
  await app.findMachine(robot.machineName)
  await expect(app.treeRow('machine', robot.machineName)).toHaveAttribute('data-session', 'live')

  // Motor: power makes the live position move; stop stops it.
  const motor = ui.panel('motor', 'left-motor')
  await expect(motor.getByTestId('motor-position')).toHaveText(/^-?\d/)
  const start = await ui.motorPosition('left-motor')
  await ui.setMotorPower('left-motor', 0.5)
  await expect(motor.getByTestId('motor-moving')).toHaveText('moving')
  await expect.poll(() => ui.motorPosition('left-motor')).toBeGreaterThan(start + 0.2)
  await motor.getByTestId('motor-stop').click()
  await expect(motor.getByTestId('motor-moving')).toHaveText('stopped')

  // Sensor: live readings and their plot.
  const sensor = ui.panel('sensor', 'air')
  await expect(sensor.getByTestId('sensor-readings')).toContainText('temperature_c')
  await expect(sensor.getByTestId('sensor-readings')).toContainText('humidity_pct')
  await expect(sensor.getByTestId('readings-plot').locator('canvas')).toHaveCount(1)

  // Base: moves while W is held, stops on release, and stops when the window loses focus.
  const teleop = ui.teleop('base')
  await teleop.click()
  await page.keyboard.down('w')
  await expect(ui.baseMoving('base')).toHaveText('moving')
  await page.keyboard.up('w')
  await expect(ui.baseMoving('base')).toHaveText('stopped')
  await page.keyboard.down('ArrowUp')
  await expect(ui.baseMoving('base')).toHaveText('moving')
  await page.evaluate(() => window.dispatchEvent(new Event('blur')))
  await expect(ui.baseMoving('base')).toHaveText('stopped')
  await page.keyboard.up('ArrowUp')
  // Clicking away from the teleop area with a key held is a released pedal too.
  await teleop.click()
  await page.keyboard.down('d')
  await expect(ui.baseMoving('base')).toHaveText('moving')
  await page.getByTestId('motor-rpm').click()
  await expect(ui.baseMoving('base')).toHaveText('stopped')
  await page.keyboard.up('d')

  // Logs: the cached ones and then new lines as the robot writes them.
  await new FleetApp(page).page.getByRole('tab', { name: 'LOGS' }).click()
  await expect(page.getByTestId('log-row').first()).toBeVisible()
  await expect(page.getByTestId('logs-list')).toContainText('session authenticated')
  await expect(page.getByTestId('logs-list')).not.toContainText('stop all')
  await ui.stopAll.click()
  await expect(page.getByText(/STOP ALL reached 1 machine/)).toBeVisible()
  await expect(page.getByTestId('logs-list')).toContainText('stop all')
  // Pause holds the view and counts what arrives; the level filter hides lines.
  await page.getByTestId('logs-pause').click()
  await page.keyboard.press('Control+Shift+Space')
  await expect(page.getByTestId('logs-new-count')).toContainText('1 new')
  await page.getByTestId('logs-pause').click()
  await page.getByTestId('logs-level-info').uncheck()
  await expect(page.getByTestId('logs-list')).not.toContainText('stop all')
  await page.getByTestId('logs-level-info').check()
  const download = page.waitForEvent('download')
  await page.getByTestId('logs-export').click()
  expect((await download).suggestedFilename()).toMatch(/\.jsonl$/)

  // Configure over the LAN: the saved config goes to the robot, which says what it rebuilt.
  await page.getByRole('tab', { name: 'CONFIGURE' }).click()
  await page.getByTestId('config-apply').click()
  await expect(page.getByTestId('config-apply-result')).toContainText('The robot runs revision')
  await expect(page.getByTestId('config-apply-result')).toContainText('Rebuilt')
  app.assertNoPageErrors()
})

test('an operator token may drive but the robot refuses it logs and config, in words', async ({ page }) => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const robot = fixtureRobot(MACHINES, 2)
  robots.push(await startRobot(robot, { dataDir: robotDir, hubPublicKey: await exportSPKI(publicKey) }))
  const token = await signPartToken(privateKey, {
    partId: robot.partId,
    role: 'operator',
    subject: 'op@test',
  })
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)

  // From the machine page itself this time.
  const machinePage = await app.openMachine(robot.machineName)
  await expect(ui.nearbyRow(robot.partId)).toBeVisible()
  await page.getByTestId('machine-connect').click()
  await ui.submitToken(token)
  await ui.expectLive()
  await expect(ui.sessionState).toContainText('operator')

  const motor = ui.panel('motor', 'left-motor')
  await expect(motor.getByTestId('motor-position')).toHaveText(/^-?\d/)
  const start = await ui.motorPosition('left-motor')
  await ui.setMotorPower('left-motor', -0.5)
  await expect.poll(() => ui.motorPosition('left-motor')).toBeLessThan(start - 0.2)
  await motor.getByTestId('motor-stop').click()
  await expect(motor.getByTestId('panel-error')).toHaveCount(0)

  await machinePage.tab('LOGS').click()
  await expect(page.getByTestId('logs-refused')).toContainText('operator role')
  await machinePage.tab('CONFIGURE').click()
  await page.getByTestId('config-apply').click()
  await expect(page.getByTestId('config-apply-error')).toContainText('needs the owner role')
  app.assertNoPageErrors()
})

test('a robot killed mid-session shows unreachable within two seconds and is live again by itself when it returns', async ({
  page,
}) => {
  const robot = fixtureRobot(MACHINES, 3)
  const basePort = await freePort()
  let sim = await spawnRobots([robot], { dataDir: robotDir, basePort })
  processes.push(sim)
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  await app.openMachine(robot.machineName)
  await expect(ui.nearbyRow(robot.partId)).toBeVisible()
  await page.getByTestId('machine-connect').click()
  await ui.submitSecret(robot.secret)
  await ui.expectLive()
  await expect(ui.panel('motor', 'left-motor').getByTestId('motor-position')).toHaveText(/^-?\d/)

  await sim.kill()
  // Checked every frame: between reconnect attempts the state is "unreachable", during one "reconnecting".
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="session-state"]')?.getAttribute('data-state') === 'unreachable',
    undefined,
    { polling: 'raf', timeout: 2000 },
  )
  await expect(page.getByTestId('session-error')).toBeVisible()
  await expect(ui.panel('motor', 'left-motor').getByTestId('motor-power-input')).toBeDisabled()

  sim = await spawnRobots([robot], { dataDir: robotDir, basePort })
  processes.push(sim)
  await expect(ui.sessionState).toHaveAttribute('data-state', 'live', { timeout: 15_000 })
  await expect(ui.panel('motor', 'left-motor').getByTestId('motor-power-input')).toBeEnabled()
  await ui.setMotorPower('left-motor', 0.3)
  await expect(ui.panel('motor', 'left-motor').getByTestId('motor-moving')).toHaveText('moving')
  app.assertNoPageErrors()
})
