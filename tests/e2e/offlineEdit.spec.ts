import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'

// The foundation's promise: find a machine, edit its config offline, see it pending, restart, and
// find the edit still there. Real browser mode, real cache files, real Chromium.
const MACHINES = 300
const fleet = fixtureFleet(MACHINES)
const machineNamed = (i: number): string => fleet.fleet.machines[i]!.name
let dataDir: string
let server: FleetServer | null = null

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(async () => {
  await server?.stop()
  removeDir(dataDir)
})

test('an edit saved offline is pending and survives a restart', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)

  // Find the machine through the tree: keyboard search, then open it.
  await page.keyboard.press('/')
  await expect(app.search).toBeFocused()
  const machineName = machineNamed(41)
  const machineRow = app.treeRow('machine', machineName)
  await page.keyboard.type(machineName)
  await expect(machineRow).toHaveCount(1)
  const machine = await app.openMachine(machineName)
  expect(await machine.tabNames()).toEqual(['CONTROL', 'CONFIGURE', 'LOGS', 'HISTORY', 'CONNECT'])

  await machine.tab('CONFIGURE').click()
  await expect(machine.editor).toBeVisible()
  const stamp = `e2e-${Date.now()}`
  const config = {
    note: stamp,
    components: [
      { name: 'board', api: 'rdk:component:board', model: 'fake', attributes: {} },
      {
        name: 'lift',
        api: 'rdk:component:motor',
        model: 'fake',
        attributes: { max_rpm: 90 },
        depends_on: ['board'],
      },
    ],
  }
  await machine.replaceConfig(JSON.stringify(config, null, 2))
  await machine.save()
  await expect(machine.pendingMarker).toContainText('not yet synced')
  await expect(app.pendingCount).toContainText('1')

  // Restart the server on the same data folder: the edit is still there, still pending.
  expect(await server.stop()).toBe(0)
  server = await startFleetServer(dataDir)
  await app.open(server.url)
  const again = await app.openMachine(machineName)
  await again.tab('CONFIGURE').click()
  await expect(again.editor).toContainText(stamp)
  await expect(again.pendingMarker).toContainText('not yet synced')
  app.assertNoPageErrors()
})

test('a malformed config is refused with each error and its path', async ({ page }) => {
  server ??= await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const machine = await app.openMachine(machineNamed(6))
  await machine.tab('CONFIGURE').click()
  await machine.replaceConfig(
    JSON.stringify({ components: [{ model: 'fake' }, { name: 'm', api: 'motor' }] }, null, 2),
  )
  const errors = page.getByTestId('config-errors')
  await expect(errors).toContainText('$.components[0]')
  await expect(errors).toContainText('$.components[1].api')
  app.assertNoPageErrors()
})
