import { expect, test, type Locator } from '@playwright/test'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { expectFullyShown, VIEWPORTS } from '../support/measure'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'
import {
  fixtureRobot,
  makeTempDir,
  removeTempDir,
  startRobot,
  type RunningRobot,
} from '../robots/support/testRobots'

// Apply to robot from CONFIGURE, over a real session to an agent on loopback: what the robot did
// must be readable in full at both window sizes, and a success must look like one.
const MACHINES = 12
// A fixture machine other end-to-end files do not make into a robot (they share loopback mDNS).
const ROBOT_INDEX = 9
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
const robots: RunningRobot[] = []

test.beforeEach(() => {
  dataDir = makeFixtureDir(MACHINES)
  robotDir = makeTempDir('apply')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeDir(dataDir)
  removeTempDir(robotDir)
})

/** The hue (0–360°) of an element's computed background colour: teal is about 170, orange about 30. */
async function backgroundHue(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(getComputedStyle(el).backgroundColor)
    if (!rgb) return -1
    const [r, g, b] = [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255]
    const max = Math.max(r, g, b)
    const min = Math.min(r, g, b)
    if (max === min) return -1
    const d = max - min
    const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
    return (h * 60 + 360) % 360
  })
}

for (const viewport of VIEWPORTS) {
  test(`the robot's answer to Apply is shown in full, and a success as one, at ${viewport.width}×${viewport.height}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport)
    server = await startFleetServer(dataDir)
    const app = new FleetApp(page)
    await app.open(server.url)
    const ui = new RobotPanels(page)
    // A small robot: the config it gets is the machine's saved one, which it then runs.
    const robot = {
      ...fixtureRobot(MACHINES, ROBOT_INDEX),
      machineConfig: {
        components: [{ name: 'io', api: 'rdk:component:board', model: 'fake', attributes: {} }],
      },
    }
    robots.push(await startRobot(robot, { dataDir: robotDir }))

    const machine = await app.openMachine(robot.machineName)
    await machine.tab('CONFIGURE').click()
    await expect(machine.editor).toBeVisible({ timeout: 30_000 })
    await expect(ui.nearbyRow(robot.partId)).toBeVisible()
    await page.getByTestId('machine-connect').click()
    await ui.submitSecret(robot.secret)
    await ui.expectLive()

    await page.getByTestId('config-apply').click()
    const result = page.getByTestId('config-apply-result')
    await expect(result).toContainText(/the robot runs revision/i)
    await page.screenshot({ path: `/tmp/uiconfig-apply-${viewport.width}.png` })
    await expectFullyShown(result, 'the result of Apply to robot')
    await expectFullyShown(result.getByText(/Rebuilt|Nothing needed rebuilding/), 'what the robot rebuilt')
    expect(
      (await page.getByTestId('config-editor').boundingBox())?.height ?? 0,
      'the editor keeps its room',
    ).toBeGreaterThan(100)

    // Every resource came up, so it is a success in colour as in words (not an orange warning).
    const states = await page.getByTestId('config-apply-unhealthy').count()
    expect(states, 'no resource is reported unhealthy').toBe(0)
    const hue = await backgroundHue(result)
    expect(hue, 'a success is tinted green-blue, not orange').toBeGreaterThan(120)
    expect(hue).toBeLessThan(200)
    app.assertNoPageErrors()
  })
}

test('applied with a resource the robot could not build: a warning that says which one and why, in full', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const robot = {
    ...fixtureRobot(MACHINES, ROBOT_INDEX),
    machineConfig: {
      components: [{ name: 'io', api: 'rdk:component:board', model: 'fake', attributes: {} }],
    },
  }
  robots.push(await startRobot(robot, { dataDir: robotDir }))
  const machine = await app.openMachine(robot.machineName)
  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible({ timeout: 30_000 })
  // A motor of a model this robot does not have: valid config, but it cannot be built.
  const config = {
    components: [
      { name: 'io', api: 'rdk:component:board', model: 'fake', attributes: {} },
      { name: 'mystery', api: 'rdk:component:motor', model: 'acme:motor:nope', attributes: {} },
    ],
  }
  await machine.replaceConfig(JSON.stringify(config, null, 2))
  await machine.save()
  await expect(machine.pendingMarker).toContainText('not yet synced')
  await expect(ui.nearbyRow(robot.partId)).toBeVisible()
  await page.getByTestId('machine-connect').click()
  await ui.submitSecret(robot.secret)
  await ui.expectLive()

  await page.getByTestId('config-apply').click()
  const result = page.getByTestId('config-apply-result')
  await expect(result).toContainText(/the robot runs revision/i)
  await expect(result).toContainText('but 1 resource is unhealthy')
  const unhealthy = page.getByTestId('config-apply-unhealthy')
  await expect(unhealthy).toContainText('mystery')
  await expect(unhealthy).toContainText('acme:motor:nope')
  await page.screenshot({ path: '/tmp/uiconfig-apply-unhealthy.png' })
  await expectFullyShown(result, 'the result of Apply to robot')
  await expectFullyShown(unhealthy.locator('li').first(), 'the unhealthy resource and its reason')
  const hue = await backgroundHue(result)
  expect(hue, 'a warning is tinted orange').toBeGreaterThan(10)
  expect(hue).toBeLessThan(50)
  app.assertNoPageErrors()
})
