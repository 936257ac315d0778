import type { ChildProcess } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { SerialConsole } from '../pages/SerialConsole'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'
import { startSerialSim, stopSerialSim } from './support/serialSim'

// A robot the cached fleet does not know, on a cable at the bench (issue 9): connected over its
// pty, then added to a location from the connect dialog's "Add to a location", as a robot found
// on the LAN is. It becomes a machine of the fleet, found in the tree, its session still live.
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
  await stopSerialSim(sim)
  await server?.stop()
  await ptys.dispose()
  removeDir(dataDir)
})

test('connect a pty robot the fleet does not know and add it to a location from the connect dialog', async ({
  page,
}) => {
  const started = startSerialSim(ptys.b)
  sim = started.child
  const robot = await started.ready
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const serial = new SerialConsole(page)
  await serial.openByPath(ptys.a)

  await serial.root.getByTestId('console-connect-robot').click()
  await expect(page.getByTestId('serial-connect-part')).toHaveValue(robot.partId)
  await expect(page.getByTestId('serial-connect-machine')).toHaveText('A robot this fleet does not know')
  await page.getByTestId('serial-connect-secret').fill(robot.secret)
  await page.getByTestId('serial-connect-submit').click()

  await page.getByTestId('serial-connect-add').click()
  const name = 'bench-serial-bot'
  await page.getByTestId('add-robot-location').click()
  await page.getByRole('option').first().click()
  await page.getByTestId('add-robot-name').fill(name)
  await page.getByTestId('add-robot-submit').click()
  await expect(page.getByTestId('add-robot-error')).toHaveCount(0)
  const machine = page.getByTestId('machine-page')
  await expect(machine).toBeVisible()
  await expect(page.getByTestId('machine-header')).toContainText(name)

  // A machine of the fleet now: in the tree, and still connected over the cable.
  await app.findMachine(name)
  const ui = new RobotPanels(page)
  await expect(ui.sessionState).toHaveAttribute('data-state', 'live')
  app.assertNoPageErrors()
})
