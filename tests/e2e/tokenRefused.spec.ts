import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { removeDir, startFleetServer, type FleetServer } from './support/fleetServer'

// A page whose token the running browser mode does not accept used to say "core is not reachable,
// it reconnects by itself" and retry forever; one without a token said "Sign in again", where there
// is no sign-in. Both now say what to do: open the address Fleetdesk printed.

let server: FleetServer | null = null
let dataDir: string

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-token-'))
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  removeDir(dataDir)
})

/** Counts the bridge sockets the page opens. */
function countSockets(page: Page): () => number {
  let opened = 0
  page.on('websocket', () => (opened += 1))
  return () => opened
}

async function expectNoMisleadingText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText()
  expect(text).not.toMatch(/sign in again|reconnects by itself|keeps retrying/i)
}

test('a wrong token is reported as refused, with what to do, and not retried', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  const sockets = countSockets(page)
  const url = new URL(server.url)
  url.searchParams.set('token', 'a-token-from-an-earlier-launch')
  await page.goto(url.toString())

  const refused = page.getByTestId('core-refused')
  await expect(refused).toBeVisible()
  await expect(refused).toContainText("This link's token is not valid for the running Fleetdesk")
  await expect(refused).toContainText('npm run serve')
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'core-refused')
  await expect(page.getByTestId('core-disconnected')).toHaveCount(0)
  await expectNoMisleadingText(page)
  // Absence of a retry can only be seen over time: the carrier's first retry would come after
  // 250 ms, so a few times that without a second socket shows there is none.
  await page.waitForTimeout(1500)
  expect(sockets()).toBe(1)
  app.assertNoPageErrors()
})

test('a page opened without its token says to open the printed address, not to sign in', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  const url = new URL(server.url)
  url.search = ''
  await page.goto(url.toString())
  const refused = page.getByTestId('core-refused')
  await expect(refused).toBeVisible()
  await expect(refused).toContainText('opened without its access token')
  await expect(refused).toContainText('npm run serve')
  await expectNoMisleadingText(page)
  app.assertNoPageErrors()
})
