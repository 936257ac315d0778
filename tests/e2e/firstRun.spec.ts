import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { removeDir, startFleetServer, type FleetServer } from './support/fleetServer'

let server: FleetServer | null = null
let dataDir: string

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-first-'))
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  removeDir(dataDir)
})

test('an empty cache offers the demo fleet, which loads into the tree', async ({ page }) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await page.goto(server.url)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await page.getByTestId('load-demo').click()
  await expect(page.locator('[data-testid="tree-row"][data-kind="org"]').first()).toBeVisible()
  await expect(page.getByTestId('empty-state')).toHaveCount(0)
  app.assertNoPageErrors()
})

test('a corrupt cache file is kept aside and the app starts with a clear message', async ({ page }) => {
  const garbage = Buffer.from('this is not a SQLite database, it was cut short by a power failure')
  writeFileSync(join(dataDir, 'cache.sqlite'), garbage)
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await page.goto(server.url)
  const notice = page.getByTestId('notice').first()
  await expect(notice).toBeVisible()
  await expect(notice).toContainText(/moved aside|could not be opened/i)
  // Never deleted: the same bytes sit beside the new, empty cache.
  const kept = readdirSync(dataDir).filter((f) => f.startsWith('cache.sqlite') && f !== 'cache.sqlite')
  expect(kept).toHaveLength(1)
  expect(readFileSync(join(dataDir, kept[0]!))).toEqual(garbage)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  app.assertNoPageErrors()
})
