import { expect, test, type Page } from '@playwright/test'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { leftAxisLabels, recordCanvasText } from '../support/canvasText'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'
import { MOTOR_AND_IMU_CONFIG, startAgentRobot, WHEELED_ROBOT_CONFIG } from './support/agentRobot'
import {
  makeTempDir,
  removeTempDir,
  strangerRobot,
  type RunningRobot,
  type TestRobot,
} from './support/testRobots'

// Small things a new user trips over in CONTROL (issue 7), each as the page shows it: browser mode
// in Chromium, robots with fake models on loopback, real WebRTC in between.
const MACHINES = 4
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
// Each test starts a desktop and a robot and connects over real WebRTC: on a machine shared by
// several builds that alone can take a minute, so the bound is generous (it ends a hung test).
test.describe.configure({ timeout: 180_000 })
const robots: RunningRobot[] = []

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => {
  removeDir(dataDir)
})
test.beforeEach(() => {
  robotDir = makeTempDir('control')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeTempDir(robotDir)
})

/** Opens the app, starts the robot, connects with its secret and opens its page; resolves when live. */
async function openLiveRobot(page: Page, robot: TestRobot): Promise<{ app: FleetApp; ui: RobotPanels }> {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  robots.push(await startAgentRobot(robot, { dataDir: robotDir }))
  await ui.openConnect(robot.partId)
  await ui.submitSecret(robot.secret)
  await ui.nearbyRow(robot.partId).getByTestId('nearby-open').click()
  await ui.expectLive()
  return { app, ui }
}

test('the movement sensor plot labels its y axis with distinct numbers', async ({ page }) => {
  await recordCanvasText(page)
  const robot = { ...strangerRobot('plot-bot'), machineConfig: MOTOR_AND_IMU_CONFIG }
  const { app, ui } = await openLiveRobot(page, robot)
  const imu = ui.panel('movement_sensor', 'imu')
  const plot = imu.getByTestId('readings-plot')
  await expect(plot).toHaveAttribute('data-field', 'position.latitude')
  // The latitude drifts in its fifth decimal. Wait for ten readings (the compass turns a little
  // with each one), so the plot holds two seconds of that drift and its range is that narrow (one
  // sample alone would give a wide, easy range).
  const compass = imu.locator('[data-key="compass"] [data-testid="sensor-value"]')
  const seen = new Set<string>()
  await expect
    .poll(
      async () => {
        seen.add(await compass.innerText())
        return seen.size
      },
      { intervals: [100], timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(10)
  const canvas = plot.locator('canvas')
  const labels = await leftAxisLabels(canvas)
  await imu.screenshot({ path: '/tmp/uicontrol-imu-plot.png' })
  expect(labels.length, `y labels drawn: ${labels.join(' | ')}`).toBeGreaterThanOrEqual(2)
  expect(new Set(labels).size, `y labels drawn: ${labels.join(' | ')}`).toBe(labels.length)
  app.assertNoPageErrors()
})

test('a base driven from the keyboard turns its motors, and their panels say so', async ({ page }) => {
  const robot = { ...strangerRobot('wheels-bot'), machineConfig: WHEELED_ROBOT_CONFIG }
  const { app, ui } = await openLiveRobot(page, robot)
  const left = ui.panel('motor', 'left')
  const right = ui.panel('motor', 'right')
  const speed = (motor: typeof left): Promise<number> =>
    motor
      .getByTestId('motor-speed')
      .innerText()
      .then((t) => Number(t))

  await ui.teleop('base').click()
  await page.keyboard.down('w')
  await expect(ui.baseMoving('base')).toHaveText('moving')
  await expect(left.getByTestId('motor-moving')).toHaveText('moving')
  await expect(right.getByTestId('motor-moving')).toHaveText('moving')
  // 50% speed limit of 400 mm/s on a 600 mm wheel: 20 rpm on each side.
  await expect.poll(() => speed(left)).toBeCloseTo(20, 1)
  await expect.poll(() => speed(right)).toBeCloseTo(20, 1)
  const start = await ui.motorPosition('left')
  await expect.poll(() => ui.motorPosition('left')).toBeGreaterThan(start + 0.05)
  await page.screenshot({ path: '/tmp/uicontrol-wheels-driving.png' })
  await page.keyboard.up('w')
  await expect(ui.baseMoving('base')).toHaveText('stopped')
  await expect(left.getByTestId('motor-moving')).toHaveText('stopped')
  await expect.poll(() => speed(left)).toBe(0)

  // Turning left on the spot: the left wheel runs backwards, the right one forwards.
  await page.keyboard.down('a')
  await expect.poll(() => speed(left)).toBeLessThan(-1)
  await expect.poll(() => speed(right)).toBeGreaterThan(1)
  await page.keyboard.up('a')
  await expect(right.getByTestId('motor-moving')).toHaveText('stopped')
  app.assertNoPageErrors()
})

test('STOP ALL sets the motor power box back to 0', async ({ page }) => {
  const robot = { ...strangerRobot('power-bot'), machineConfig: MOTOR_AND_IMU_CONFIG }
  const { app, ui } = await openLiveRobot(page, robot)
  const motor = ui.panel('motor', 'left-motor')
  const input = motor.getByTestId('motor-power-input')
  await ui.setMotorPower('left-motor', 0.5)
  await expect(motor.getByTestId('motor-moving')).toHaveText('moving')
  await expect(input).toHaveValue('0.5')
  await ui.stopAll.click()
  await expect(motor.getByTestId('motor-moving')).toHaveText('stopped')
  // The box and the slider show what the motor does now, not what was last typed.
  await expect(input).toHaveValue('0')
  await expect(motor.getByRole('slider')).toHaveAttribute('aria-valuenow', '0')
  await motor.screenshot({ path: '/tmp/uicontrol-motor-after-stop.png' })

  // The same for the shortcut, and for a motor started again after the stop, typed as a person
  // types it over the 0 (select all, type, Enter).
  await input.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('-0.4')
  await page.keyboard.press('Enter')
  await expect(motor.getByTestId('motor-moving')).toHaveText('moving')
  await page.keyboard.press('Control+Shift+Space')
  await expect(input).toHaveValue('0')
  app.assertNoPageErrors()
})
