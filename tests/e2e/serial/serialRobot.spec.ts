import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { SerialConsole } from '../pages/SerialConsole'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'

// A robot at the bench on a cable (issue 9): the simulator serves one robot on the far end of a
// socat pty pair (`npm run sim -- --count 1 --serial PATH`). The desktop opens the near end by
// path, connects to it as a robot, drives a motor, and its console shows the text the agent
// printed before its first frame (its banner).
const root = fileURLToPath(new URL('../../../', import.meta.url))
const SHOTS = process.env.FLEETDESK_SHOTS_DIR
let dataDir: string
let ptys: PtyPair
let sim: ChildProcess | null = null
let server: FleetServer | null = null
test.describe.configure({ timeout: 180_000 })

test.beforeAll(async () => {
  dataDir = makeFixtureDir(4)
  ptys = await createPtyPair()
})
test.afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((resolve) => sim!.once('exit', resolve))
    sim.kill('SIGTERM')
    await exited
  }
  await server?.stop()
  await ptys.dispose()
  removeDir(dataDir)
})

function startSerialSim(path: string): Promise<{ partId: string; secret: string }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/agent/sim/main.ts', '--count', '1', '--serial', path, '--baud', '115200'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
    },
  )
  sim = proc
  const lines = createInterface({ input: proc.stdout })
  return new Promise((resolve, reject) => {
    let secret = ''
    proc.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
    lines.on('line', (line) => {
      const announced = /^SIM \S+ part=\S+ address=\S+ secret=(\S+)$/.exec(line)
      if (announced) secret = announced[1]!
      const serial = /^SIM-SERIAL \S+ part=(\S+) path=\S+ baud=115200$/.exec(line)
      if (serial) resolve({ partId: serial[1]!, secret })
    })
  })
}

test('open the pty by path, connect as a robot, drive a motor, read the banner in the console', async ({
  page,
}) => {
  const robot = await startSerialSim(ptys.b)
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const serial = new SerialConsole(page)
  await serial.openByPath(ptys.a)

  // The dialog asks the device who it is: the part id comes from the robot, not from typing.
  await serial.root.getByTestId('console-connect-robot').click()
  const part = page.getByTestId('serial-connect-part')
  await expect(part).toHaveValue(robot.partId)
  await expect(part).toHaveAttribute('readonly', '')
  await expect(page.getByTestId('serial-connect-machine')).toHaveText('A robot this fleet does not know')
  await page.getByTestId('serial-connect-secret').fill(robot.secret)
  await page.getByTestId('serial-connect-submit').click()
  // A stranger to the fleet: adding it to a location is offered, as for a robot on the LAN.
  await expect(page.getByTestId('serial-connect-add')).toBeVisible()
  await page.getByTestId('serial-connect-not-now').click()
  const ui = new RobotPanels(page)
  await expect(page.getByTestId('robot-page')).toBeVisible()
  await expect(ui.sessionState).toHaveAttribute('data-state', 'live')

  const motor = ui.panel('motor', 'left-motor')
  await expect(motor.getByTestId('motor-position')).toHaveText(/^-?\d/)
  const start = await ui.motorPosition('left-motor')
  await ui.setMotorPower('left-motor', 0.5)
  await expect(motor.getByTestId('motor-moving')).toHaveText('moving')
  await expect.poll(() => ui.motorPosition('left-motor')).toBeGreaterThan(start + 0.2)
  await motor.getByTestId('motor-stop').click()
  await expect(motor.getByTestId('motor-moving')).toHaveText('stopped')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/serial-robot-control.png` })

  // CONSOLE on the robot's page: the banner the agent wrote before its first answer.
  await page.getByTestId('robot-page').getByRole('tab', { name: 'CONSOLE' }).click()
  const tab = page.getByTestId('console-tab')
  await expect(tab.getByTestId('console-state')).toContainText('shared with the robot session')
  await expect(tab.getByTestId('console-text').filter({ hasText: `part ${robot.partId}` })).toHaveCount(1)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/serial-robot-tab.png` })

  // The same console from the serial ports list.
  await page.locator(`[data-testid="serial-opened-row"][data-path="${ptys.a}"]`).click()
  await expect(serial.root).toHaveAttribute('data-state', 'open')
  await expect(page.getByTestId('console-state')).toContainText('shared with the robot session')
  await expect(serial.line(`part ${robot.partId}`)).toHaveCount(1)
  await expect(serial.line(/Fleetdesk agent .*COBS frames follows/)).toHaveCount(1)
  await expect(page.getByTestId('console-session')).toContainText('live')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/serial-robot-console.png` })
  app.assertNoPageErrors()
})
