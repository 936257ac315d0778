import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { RobotPanels } from './pages/RobotPanels'
import { findCutText } from './support/fitCheck'
import {
  fixtureFleet,
  makeFixtureDir,
  removeDir,
  startFleetServer,
  type FleetServer,
} from './support/fleetServer'
import {
  fixtureRobot,
  makeTempDir,
  removeTempDir,
  startRobot,
  type RunningRobot,
  type TestRobot,
} from './robots/support/testRobots'

// Every main screen at the two window sizes people use (a laptop, a small shop-floor panel) in both
// themes: no text in the top bar, breadcrumb, machine header or alerts may be cut or run out of
// sight, measured in the page. The pictures are written to test-results/screens; with
// FLEETDESK_DOCS_SCREENS=1 they are written to docs/screens (committed, linked from the README).
const MACHINES = 12
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const
const THEMES = ['dark', 'light'] as const
const REGIONS = {
  'top bar': 'header',
  breadcrumb: '[aria-label="Breadcrumb"]',
  alert: '[role="alert"]',
  'config problems': '[data-testid="config-errors"]',
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const screensDir =
  process.env.FLEETDESK_DOCS_SCREENS === '1'
    ? join(root, 'docs', 'screens')
    : join(root, 'test-results', 'screens')

let dataDir: string
let robotDir: string
let server: FleetServer
let robot: RunningRobot
const spec: TestRobot = fixtureRobot(MACHINES, 1)

test.beforeAll(async () => {
  dataDir = makeFixtureDir(MACHINES)
  robotDir = makeTempDir('fit-robots')
  robot = await startRobot(spec, { dataDir: robotDir })
  server = await startFleetServer(dataDir)
  mkdirSync(screensDir, { recursive: true })
})
test.afterAll(async () => {
  await server?.stop()
  await robot?.stop()
  removeTempDir(robotDir)
  removeDir(dataDir)
})

async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)
  if (current !== theme) await page.getByRole('button', { name: `Switch to the ${theme} theme` }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme)
}

async function expectFits(page: Page, screen: string, name: string): Promise<void> {
  // Measured once the toasts are gone (a success toast closes itself after 4 s): one sliding out is
  // briefly outside the window, which is motion, not cut text.
  await expect(page.locator('[class*="mantine-Notification-root"]')).toHaveCount(0)
  await page.screenshot({ path: join(screensDir, `${name}.png`) })
  const cut = await findCutText(page, REGIONS)
  expect(cut, `text cut or out of sight on ${screen}`).toEqual([])
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`${size.width}×${size.height} ${theme}: overview, CONTROL, CONFIGURE with errors, HISTORY, LOGS fit`, async ({
      page,
    }) => {
      await page.setViewportSize(size)
      const app = new FleetApp(page)
      await app.open(server.url)
      await setTheme(page, theme)
      const tag = `${size.width}x${size.height}-${theme}`
      const { fleet } = fixtureFleet(MACHINES)
      const machine = fleet.machines.find((m) => m.id === spec.machineId)
      if (!machine) throw new Error('the test robot is not a fixture machine')

      // The fleet overview of the robot's location, reached from its machine's breadcrumb.
      const location = fleet.locations.find((l) => l.id === machine.locationId)
      if (!location) throw new Error('the robot has no location')
      await app.openMachine(machine.name)
      await page.getByLabel('Breadcrumb').getByRole('button', { name: location.name }).click()
      await expect(page.getByTestId('fleet-overview')).toBeVisible()
      await expectFits(page, 'the fleet overview', `overview-${tag}`)

      // CONTROL of a connected robot.
      const ui = new RobotPanels(page)
      await ui.connect(spec.partId, spec.secret)
      await ui.nearbyRow(spec.partId).getByTestId('nearby-open').click()
      await ui.expectLive()
      await expect(ui.panel('motor', 'left-motor')).toBeVisible()
      await expectFits(page, 'CONTROL', `control-${tag}`)

      // CONFIGURE with a syntax error and with schema errors.
      const machinePage = await app.openMachine(machine.name)
      await machinePage.tab('CONFIGURE').click()
      await expect(machinePage.editor).toBeVisible()
      await machinePage.replaceConfig(
        '{\n  "components": [\n    {"name": "m", "api": "rdk:component:motor",}\n  ]\n}',
      )
      await expect(page.getByTestId('config-errors')).toBeVisible()
      await expectFits(page, 'CONFIGURE with a syntax error', `configure-syntax-${tag}`)
      await machinePage.replaceConfig(
        JSON.stringify(
          {
            components: [
              { name: 'a', api: 'rdk:component:motor', model: 7 },
              { name: 'a', api: 'not an api', model: 'fake' },
              { api: 'rdk:component:sensor', model: 'fake', depends_on: 'x' },
            ],
          },
          null,
          2,
        ),
      )
      await expect(page.getByTestId('config-errors')).toBeVisible()
      await expectFits(page, 'CONFIGURE with schema errors', `configure-errors-${tag}`)
      await page.getByTestId('config-revert').click()

      // HISTORY and LOGS.
      await machinePage.tab('HISTORY').click()
      await expect(page.getByTestId('history-list')).toBeVisible()
      await expectFits(page, 'HISTORY', `history-${tag}`)
      await machinePage.tab('LOGS').click()
      await expect(page.getByTestId('log-row').first()).toBeVisible()
      await expectFits(page, 'LOGS', `logs-${tag}`)

      await ui.stopAll.click()
      await page.getByTestId('machine-connect').click()
      app.assertNoPageErrors()
    })
  }
}
