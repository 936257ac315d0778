import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import { FleetApp, MachinePage } from './pages/FleetApp'
import { RobotPanels } from './pages/RobotPanels'
import { removeDir } from './support/fleetServer'

// A newcomer's first minutes, as the README tells them: `npm start` (no display here, so browser
// mode with the demo robots), load the demo fleet, connect to a robot, drive a motor, edit and apply
// its config, read its logs. No error may appear in the page or in the terminal on the way.
const root = fileURLToPath(new URL('../..', import.meta.url))
/** Terminal lines a newcomer would read as "something is broken". */
const ALARMING = /\b(ERROR|FATAL)\b|Unhandled|Error:|\bat .+:\d+:\d+\)?$/

let dataDir: string
let child: ChildProcess | null = null
let terminal: string[] = []

function npmStart(dir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, FLEETDESK_SKIP_BUILD: '1' }
  delete env.DISPLAY
  delete env.WAYLAND_DISPLAY
  const started = spawn(
    process.execPath,
    [join(root, 'scripts', 'start.mjs'), '--port', '0', '--data-dir', dir],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child = started
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        terminal.push(line)
        const url = /Fleetdesk at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)?.[1]
        if (url) resolve(url)
      }
    }
    started.stdout?.on('data', onData)
    started.stderr?.on('data', onData)
    started.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code}:\n${terminal.join('\n')}`)),
    )
  })
}

async function connectToRobotWithMotor(page: Page, ui: RobotPanels): Promise<string> {
  const rows = page.getByTestId('nearby-row')
  await expect(rows.first()).toBeVisible()
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(6)
  const partIds = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-part-id') ?? ''))
  for (const partId of partIds) {
    await ui.nearbyRow(partId).getByTestId('connect-button').click()
    // The demo remembers each robot's secret, so connecting asks for nothing.
    await expect(ui.dialog).toBeHidden()
    await ui.nearbyRow(partId).getByTestId('nearby-open').click()
    await ui.expectLive()
    if ((await page.getByTestId('panel-motor').count()) > 0) return partId
    await page.getByTestId('machine-connect').click()
    await expect(ui.sessionState).not.toHaveAttribute('data-state', 'live')
  }
  throw new Error('no demo robot has a motor')
}

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-newcomer-'))
  terminal = []
})
test.afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  child = null
  removeDir(dataDir)
})

test('start, load the demo, connect, drive a motor, edit and apply the config, read the logs: no error anywhere', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const url = await npmStart(dataDir)
  const app = new FleetApp(page)
  await page.goto(url)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await page.getByTestId('load-demo').click()
  await app.waitForTree()
  await expect(page.locator('[data-testid="tree-row"][data-kind="org"]').first()).toBeVisible()

  const ui = new RobotPanels(page)
  await connectToRobotWithMotor(page, ui)
  // The demo robot is healthy: no resource in trouble.
  await expect(page.getByTestId('resource-status').filter({ hasText: /unhealthy/i })).toHaveCount(0)

  // Drive a motor: power moves it, stop stops it.
  const motor = page.getByTestId('panel-motor').first()
  const name = (await motor.getAttribute('data-name')) ?? ''
  await expect(motor.getByTestId('motor-position')).toHaveText(/^-?\d/)
  const start = await ui.motorPosition(name)
  await ui.setMotorPower(name, 0.5)
  await expect(motor.getByTestId('motor-moving')).toHaveText('moving')
  await expect.poll(() => ui.motorPosition(name)).toBeGreaterThan(start + 0.1)
  await motor.getByTestId('motor-stop').click()
  await expect(motor.getByTestId('motor-moving')).toHaveText('stopped')

  // Edit the config (a new sensor), save it, apply it to the robot, and see the sensor appear.
  const machine = new MachinePage(page)
  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible()
  const config = JSON.parse(await machine.editorText()) as { components: unknown[] }
  config.components.push({
    name: 'newcomer-sensor',
    api: 'rdk:component:sensor',
    model: 'fake',
    attributes: {},
  })
  await machine.replaceConfig(JSON.stringify(config, null, 2))
  await machine.save()
  await expect(page.getByText(/saved locally/i).first()).toBeVisible()
  await page.getByTestId('config-apply').click()
  await expect(page.getByTestId('config-apply-result')).toContainText('The robot runs revision')
  await machine.tab('CONTROL').click()
  await expect(ui.panel('sensor', 'newcomer-sensor')).toBeVisible()

  // Its logs: the robot's own lines, including the rebuild the apply caused.
  await machine.tab('LOGS').click()
  await expect(page.getByTestId('log-row').first()).toBeVisible()
  await expect(page.getByTestId('logs-list')).toContainText('newcomer-sensor')

  app.assertNoPageErrors()
  const alarming = terminal.filter((line) => ALARMING.test(line))
  expect(alarming, 'alarming lines in the terminal').toEqual([])
})
