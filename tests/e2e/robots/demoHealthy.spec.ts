import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { SimMachineSpecsSchema } from '../../../src/shared/robot/simMachineSpec'
import { FleetApp } from '../pages/FleetApp'
import { RobotPanels } from '../pages/RobotPanels'
import { removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'

// Issue 7, "Demo robots are unhealthy out of the box": the path a newcomer takes (README: npm start,
// which runs browser mode with --demo-robots; load the demo fleet; connect from Nearby). Every demo
// robot must be healthy: each resource ready, no ERROR line printed, and the revision it runs the
// one the cache shows. The robots are the built simulator, started by the core as in `npm start`.
test.describe.configure({ timeout: 300_000 })

let dataDir: string
let server: FleetServer | null = null

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-demo-'))
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  removeDir(dataDir)
})

test('the demo fleet runs healthy robots: every resource ready, no ERROR line, the cached revision', async ({
  page,
}) => {
  server = await startFleetServer(dataDir, { args: ['--demo-robots'] })
  const app = new FleetApp(page)
  const ui = new RobotPanels(page)
  await page.goto(server.url)
  await page.getByTestId('load-demo').click()
  await app.waitForTree()

  // The robots the core started, as it wrote them for the simulator (written once the demo robots
  // start, which on a busy machine can be after the tree shows).
  const specsFile = join(dataDir, 'demo-robots.json')
  const readSpecs = (): ReturnType<typeof SimMachineSpecsSchema.parse> | null => {
    if (!existsSync(specsFile)) return null
    try {
      return SimMachineSpecsSchema.parse(JSON.parse(readFileSync(specsFile, 'utf8')))
    } catch {
      return null // still being written
    }
  }
  await expect.poll(readSpecs, { message: 'demo-robots.json written' }).not.toBeNull()
  const specs = readSpecs() ?? []
  expect(specs.length).toBeGreaterThan(0)
  for (const spec of specs)
    await expect(ui.nearbyRow(spec.partId)).toContainText('known', { timeout: 30_000 })

  for (const spec of specs) {
    const row = ui.nearbyRow(spec.partId)
    // The demo's secrets are remembered: Connect goes straight through.
    await row.getByTestId('connect-button').click()
    await expect(ui.dialog).toBeHidden({ timeout: 30_000 })
    await row.getByTestId('nearby-open').click()
    await expect(ui.sessionState).toHaveAttribute('data-state', 'live')
    const resources = page.getByTestId('resource-status')
    await expect(resources.first()).toBeAttached()
    const states = await resources.evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-name')}: ${r.getAttribute('data-state')}`),
    )
    expect(states.length, spec.machineName).toBeGreaterThan(0)
    for (const state of states) expect(state, spec.machineName).toMatch(/: ready$/)
    // The robot runs the revision the cache holds, in the fleet's numbering.
    const revision = page.locator(
      '[data-testid="status-fact"][data-fact="revision"] [data-testid="fact-value"]',
    )
    await expect(revision, spec.machineName).toHaveText(String(spec.revision))
    await page.getByTestId('machine-connect').click()
    await expect(ui.sessionState).toHaveAttribute('data-state', 'closed')
  }
  // Nothing the robots printed was an error (the simulator prints warnings and errors to stderr).
  const errors = server
    .stderr()
    .split('\n')
    .filter((line) => / ERROR /.test(line))
  expect(errors, 'ERROR lines from the demo robots').toEqual([])
  await page.screenshot({ path: '/tmp/fleetdesk-e2e-demo-healthy.png' })
  app.assertNoPageErrors()
})
