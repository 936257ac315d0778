import { expect, test, type Locator } from '@playwright/test'
import { FleetApp } from '../pages/FleetApp'
import { LogsView } from '../pages/LogsView'
import { RobotPanels } from '../pages/RobotPanels'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'
import { startAgentRobot, type AgentRobot } from './support/agentRobot'
import { fixtureRobot, makeTempDir, removeTempDir } from './support/testRobots'

// LOGS rows (issue 7): a long line read in full without hovering, and dates where lines span days.
// The robot is a fixture machine, so the log cache holds its month-old lines (the fixture writes
// them on 2026-11-01) beside the live ones the robot writes today.
const MACHINES = 4
let dataDir: string | null = null
let robotDir: string
let server: FleetServer | null = null
// Each test starts a desktop and a robot and connects over real WebRTC: on a machine shared by
// several builds that alone can take a minute, so the bound is generous (it ends a hung test).
test.describe.configure({ timeout: 180_000 })
let robot: AgentRobot | null = null

test.afterEach(async () => {
  await server?.stop()
  server = null
  await robot?.stop()
  robot = null
  removeTempDir(robotDir)
  if (dataDir) removeDir(dataDir)
  dataDir = null
})

async function openLogs(page: import('@playwright/test').Page): Promise<{ app: FleetApp; logs: LogsView }> {
  // A fresh desktop per test (no secret remembered from the one before), and fixture machine 0,
  // which no other spec runs as a robot: agents on this machine's loopback are seen by every
  // desktop on it, so two robots with one part id would answer for each other.
  dataDir = makeFixtureDir(MACHINES)
  robotDir = makeTempDir('logs')
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const spec = fixtureRobot(MACHINES, 0)
  robot = await startAgentRobot(spec, { dataDir: robotDir })
  await ui.openConnect(spec.partId)
  await ui.submitSecret(spec.secret)
  await ui.nearbyRow(spec.partId).getByTestId('nearby-open').click()
  await ui.expectLive()
  const logs = new LogsView(page)
  await logs.open()
  await expect(logs.list).toContainText('session authenticated')
  return { app, logs }
}

const box = async (l: Locator): Promise<{ top: number; bottom: number; height: number }> => {
  const b = await l.boundingBox()
  if (!b) throw new Error('not on screen')
  return { top: b.y, bottom: b.y + b.height, height: b.height }
}

test('a long line opens in full with its fields, by click and by keyboard, and the rows below make room', async ({
  page,
}) => {
  const { app, logs } = await openLogs(page)
  const words = (tag: string): string =>
    `long-line ${tag}: motor driver reported ${'a recoverable fault on the bus, retrying; '.repeat(40)}END-OF-${tag}`
  await robot!.writeLog('warn', 'e2e.long', words('A'), {
    motor: 'left',
    attempt: 3,
    bus: { id: 'can0', errors: 17 },
  })
  await robot!.writeLog('warn', 'e2e.long', words('B'), { motor: 'right', attempt: 1 })
  await logs.search('long-line')
  await expect(logs.rows).toHaveCount(2)
  const first = logs.row('END-OF-A')
  const second = logs.row('END-OF-B')
  // Closed, a row is one line: the end of the message is cut off.
  const closed = await box(first)
  expect(closed.height).toBeLessThan(30)

  await first.click()
  const detail = logs.detail(first)
  await expect(detail).toBeVisible()
  await expect(logs.line(first)).toHaveAttribute('aria-expanded', 'true')
  await expect(detail).toContainText('END-OF-A')
  await expect(detail).toContainText('attempt')
  await expect(detail).toContainText('can0')
  // The whole message wraps inside the row: nothing hidden sideways, and the row grew to hold it.
  const clipped = await detail.evaluate((el) => el.scrollWidth > el.clientWidth + 1)
  expect(clipped).toBe(false)
  const opened = await box(first)
  expect(opened.height).toBeGreaterThan(closed.height * 4)
  // The virtualized list moved the next row below the opened one.
  expect((await box(second)).top).toBeGreaterThanOrEqual(opened.bottom - 1)
  await page.screenshot({ path: '/tmp/uicontrol-logs-expanded.png' })

  // Keyboard: Enter and Space on a focused row; arrows move between rows.
  await logs.line(second).focus()
  await page.keyboard.press('Enter')
  await expect(logs.detail(second)).toContainText('END-OF-B')
  await expect(logs.line(second)).toHaveAttribute('aria-expanded', 'true')
  expect((await box(second)).top).toBeGreaterThanOrEqual((await box(first)).bottom - 1)
  await page.keyboard.press('Space')
  await expect(logs.detail(second)).toHaveCount(0)
  await page.keyboard.press('ArrowUp')
  await expect(logs.line(first)).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(logs.detail(first)).toHaveCount(0)
  await expect(logs.line(first)).toHaveAttribute('aria-expanded', 'false')
  expect((await box(first)).height).toBeLessThan(30)
  app.assertNoPageErrors()
})

test('lines from another day show their date; today’s show the time only', async ({ page }) => {
  const { app, logs } = await openLogs(page)
  const today = logs.row('session authenticated').last()
  await expect(logs.time(today)).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/)
  await logs.scrollToOldest()
  const oldest = logs.rows.first()
  // The fixture's cached lines were written on 2026-11-01 (UTC): a month before "today" here, or
  // at least another day than the live lines on any machine that runs this.
  await expect(logs.time(oldest)).toHaveText(/^\d{4}-\d{2}-\d{2} \d\d:\d\d:\d\d\.\d{3}$/)
  const [iso, shown] = await Promise.all([oldest.getAttribute('data-time'), logs.time(oldest).innerText()])
  const local = await page.evaluate((t) => {
    const d = new Date(t ?? '')
    const p = (n: number): string => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
  }, iso)
  expect(shown.startsWith(local)).toBe(true)
  // The date fits: the time column is not cut off.
  const cut = await logs.time(oldest).evaluate((el) => el.scrollWidth > el.clientWidth + 1)
  expect(cut).toBe(false)
  await page.screenshot({ path: '/tmp/uicontrol-logs-dates.png' })
  app.assertNoPageErrors()
})
