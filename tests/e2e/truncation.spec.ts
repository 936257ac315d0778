import { expect, test, type Page } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { acrossScroll, clippedTexts, outsideWindow } from './pages/Layout'
import { RobotPanels } from './pages/RobotPanels'
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
  strangerRobot,
  type RunningRobot,
} from './robots/support/testRobots'

/** The config editor is the heaviest code in the window, loaded on first use: minutes on a loaded machine. */
const EDITOR_LOAD = 150_000
// Room for that within a test, which waits on events, not on sleeps.
test.describe.configure({ timeout: 300_000 })

// Issue 7, "Truncation", measured in the page at the two window sizes a newcomer tried: text cut by
// its own box (scrollWidth > clientWidth) and controls outside the window, never judged by eye.
const MACHINES = 60
const { fleet } = fixtureFleet(MACHINES)
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
const robots: RunningRobot[] = []

test.beforeAll(() => {
  dataDir = makeFixtureDir(MACHINES)
})
test.afterAll(() => removeDir(dataDir))
test.beforeEach(() => {
  robotDir = makeTempDir('truncation')
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeTempDir(robotDir)
})

/** Ancestor names of a machine, organization first. */
function trailOf(machineId: string): string[] {
  const machine = fleet.machines.find((m) => m.id === machineId)!
  const names: string[] = []
  for (let l = fleet.locations.find((x) => x.id === machine.locationId); l;) {
    names.unshift(l.name)
    const parent = l.parentId
    l = parent ? fleet.locations.find((x) => x.id === parent) : undefined
  }
  const org = fleet.orgs.find(
    (o) => o.id === fleet.locations.find((x) => x.id === machine.locationId)!.orgId,
  )!
  return [org.name, ...names]
}

async function openApp(page: Page, size: { width: number; height: number }): Promise<FleetApp> {
  await page.setViewportSize(size)
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  return app
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} no tree name is cut, in search results either, which show what they matched`, async ({
    page,
  }) => {
    const app = await openApp(page, size)
    const tree = page.locator('#fleet-tree')
    // Every machine matches "-00": the whole fleet, at its deepest, with every status word.
    await app.search.fill('-00')
    await expect(
      page.locator('[data-testid="tree-row"][data-kind="machine"][data-matched="true"]').first(),
    ).toBeVisible()
    const cut = await acrossScroll(tree, () => clippedTexts(page, '#fleet-tree .fd-tree-name'))
    expect(cut, 'tree names cut by their box').toEqual([])
    await page.screenshot({ path: `/tmp/fleetdesk-e2e-tree-${size.width}.png` })

    // A search that matches ids, not names: each row shows the part of its id that matched.
    await app.search.fill('m-0001')
    const rows = page.locator('[data-testid="tree-row"][data-kind="machine"][data-matched="true"]')
    await expect(rows.first()).toBeVisible()
    const count = await rows.count()
    expect(count).toBeGreaterThan(1)
    for (let i = 0; i < count; i++) {
      await expect(rows.nth(i).getByTestId('tree-id-match')).toContainText('m-0001')
    }
    expect(await clippedTexts(page, '#fleet-tree .fd-tree-name, #fleet-tree .fd-tree-id')).toEqual([])
    await page.screenshot({ path: `/tmp/fleetdesk-e2e-tree-ids-${size.width}.png` })
    app.assertNoPageErrors()
  })

  test(`at ${size.width}×${size.height} the breadcrumb shows whole steps: all of them while they fit, the rest behind "…"`, async ({
    page,
  }) => {
    const app = await openApp(page, size)
    // A machine at the deepest level: organization / site / hall / line / machine.
    const machine = fleet.machines.find((m) => trailOf(m.id).length === 4)!
    await app.openMachine(machine.name)
    const crumbs = page.locator('[aria-label="Breadcrumb"]')
    await expect(crumbs).toContainText(machine.name)
    expect(await clippedTexts(page, '[aria-label="Breadcrumb"] *'), 'breadcrumb steps cut').toEqual([])
    const shown = (await crumbs.innerText()).split('/').map((s) => s.trim())
    const hidden: string[] = []
    if (await page.getByTestId('crumb-more').isVisible()) {
      await page.getByTestId('crumb-more').click()
      hidden.push(...(await page.getByRole('menuitem').allInnerTexts()).map((s) => s.trim()))
      await page.keyboard.press('Escape')
    }
    // Every step is there, shown whole or in the menu, in order.
    for (const name of ['All machines', ...trailOf(machine.id), machine.name])
      expect([...shown, ...hidden], name).toContain(name)
    if (size.width === 1440) expect(hidden, 'folded with room to spare').toEqual([])
    await page.screenshot({ path: `/tmp/fleetdesk-e2e-crumbs-${size.width}.png` })
    app.assertNoPageErrors()
  })

  test(`at ${size.width}×${size.height} every control of the top bar and the machine header is inside the window`, async ({
    page,
  }) => {
    const app = await openApp(page, size)
    const ui = new RobotPanels(page)
    // The longest header: a robot on the LAN, an edit waiting for the hub, then a live session.
    // One machine per size: the first run remembers its secret, which would skip the form here.
    const robot = fixtureRobot(MACHINES, size.width === 1440 ? 10 : 11)
    robots.push(await startRobot(robot, { dataDir: robotDir }))
    await expect(ui.nearbyRow(robot.partId)).toBeVisible()
    const machine = await app.openMachine(robot.machineName)
    await machine.tab('CONFIGURE').click()
    await expect(machine.editor).toBeVisible({ timeout: EDITOR_LOAD })
    await machine.replaceConfig(JSON.stringify({ components: [], note: `pending-${Date.now()}` }, null, 2))
    await machine.save()
    await expect(machine.pendingMarker).toBeVisible()
    const controls =
      '[data-testid="top-bar"] button, [data-testid="top-bar"] [data-testid], [data-testid="machine-header"] button, [data-testid="machine-header"] [data-testid]'
    // Labels of buttons and badges cut by their box ("Cor" for Connect), and the machine's name.
    const labels = ['top-bar', 'machine-header']
      .flatMap((id) => [
        `[data-testid="${id}"] .mantine-Button-label`,
        `[data-testid="${id}"] .mantine-Badge-label`,
      ])
      .join(', ')
    const fits = async (when: string): Promise<void> => {
      expect(await outsideWindow(page, controls), `outside the window, ${when}`).toEqual([])
      expect(await clippedTexts(page, labels), `labels cut, ${when}`).toEqual([])
      const title = page.locator('[data-testid="machine-page"] h3').first()
      const box = await title.evaluate((e) => [
        e.scrollWidth - e.clientWidth,
        e.scrollHeight - e.clientHeight,
      ])
      expect(box[0]! <= 0 && box[1]! <= 1, `the machine's name is cut, ${when}: ${box.join(', ')}`).toBe(true)
    }
    await fits('before connecting')
    await page.screenshot({ path: `/tmp/fleetdesk-e2e-header-${size.width}-offline.png` })

    await page.getByTestId('machine-connect').click()
    await ui.submitSecret(robot.secret)
    await ui.expectLive()
    await expect(ui.stopAll).toBeVisible()
    await fits('with a live session')
    await page.screenshot({ path: `/tmp/fleetdesk-e2e-header-${size.width}-live.png` })
    app.assertNoPageErrors()
  })
}

test('Nearby shows whole addresses, so two robots of one name differ, also in the narrowest sidebar', async ({
  page,
}) => {
  const app = await openApp(page, SIZES[1])
  const ui = new RobotPanels(page)
  const a = strangerRobot('rover-01')
  const b = { ...a, partId: `${a.partId.slice(0, -4)}${a.partId.endsWith('beef') ? 'cafe' : 'beef'}` }
  const ra = await startRobot(a, { dataDir: robotDir })
  const rb = await startRobot(b, { dataDir: robotDir })
  robots.push(ra, rb)
  const rows = [ui.nearbyRow(a.partId), ui.nearbyRow(b.partId)]
  await expect(rows[0]!).toContainText(`127.0.0.1:${ra.port}`)
  await expect(rows[1]!).toContainText(`127.0.0.1:${rb.port}`)

  const check = async (): Promise<void> => {
    for (const row of rows)
      expect(await clippedTexts(row, '.fd-mono, p, span'), 'cut in a Nearby row').toEqual([])
    const [ta, tb] = await Promise.all(rows.map((r) => r.innerText()))
    expect(ta).not.toEqual(tb)
    // The part id tells two robots of one name apart even on one address.
    await expect(rows[0]!).toContainText(a.partId)
    await expect(rows[1]!).toContainText(b.partId)
  }
  await check()
  // The narrowest sidebar the handle allows.
  await page.getByTestId('sidebar-resizer').focus()
  await page.keyboard.press('Home')
  await expect(page.getByTestId('sidebar-resizer')).toHaveAttribute('aria-valuenow', '220')
  await check()
  await page.screenshot({ path: '/tmp/fleetdesk-e2e-nearby-narrow.png' })
  app.assertNoPageErrors()
})

test('the sidebar resizes by drag and keyboard, folds away and back, and keeps its width after a reload', async ({
  page,
}) => {
  const app = await openApp(page, SIZES[0])
  const sidebar = page.getByTestId('sidebar')
  const handle = page.getByTestId('sidebar-resizer')
  const width = async (): Promise<number> => Math.round((await sidebar.boundingBox())?.width ?? 0)
  const start = await width()
  expect(start).toBeGreaterThan(200)

  const box = (await handle.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 200)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + 200, { steps: 4 })
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + 200, { steps: 4 })
  await page.mouse.up()
  await expect.poll(width).toBe(start + 100)

  await handle.focus()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect.poll(width).toBe(start + 100 - 32)
  await expect(handle).toHaveAttribute('aria-valuenow', String(start + 68))

  // Enter folds it away; the main area takes the room; the top bar's button brings it back.
  const overview = page.getByTestId('fleet-overview')
  await page.keyboard.press('Enter')
  await expect(sidebar).toHaveAttribute('data-collapsed', 'true')
  await expect(page.getByTestId('tree-search')).not.toBeInViewport()
  await expect.poll(async () => Math.round((await overview.boundingBox())?.x ?? -1)).toBe(0)
  await page.getByTestId('sidebar-toggle').click()
  await expect(sidebar).toHaveAttribute('data-collapsed', 'false')
  await expect.poll(width).toBe(start + 68)

  // "/" reaches the search even when the sidebar is folded.
  await page.getByTestId('sidebar-toggle').click()
  await expect(page.getByTestId('tree-search')).not.toBeInViewport()
  await overview.getByRole('heading').click()
  await page.keyboard.press('/')
  await expect(app.search).toBeFocused()
  await expect(app.search).toBeInViewport()

  await page.reload()
  await app.waitForTree()
  await expect.poll(width).toBe(start + 68)
  app.assertNoPageErrors()
})
