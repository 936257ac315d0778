import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FleetApp } from '../pages/FleetApp'
import { removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'

let server: FleetServer | null = null
let dataDir: string

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-sync-'))
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  removeDir(dataDir)
})

for (const size of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}×${size.height} the signed-out menu says so and an unreachable hub is reported in the dialog`, async ({
    page,
  }, info) => {
    await page.setViewportSize(size)
    server = await startFleetServer(dataDir)
    const app = new FleetApp(page)
    await app.open(server.url)
    const button = page.getByTestId('connection-state')
    await expect(button).toHaveAttribute('data-state', 'signed-out')
    await button.click()
    await expect(page.getByTestId('sync-state-label')).toHaveText('Signed out')
    await page.screenshot({ path: info.outputPath(`menu-${size.width}.png`) })
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Sign in to a hub' })
    await dialog.getByLabel('Hub address').fill('http://127.0.0.1:9')
    await dialog.getByRole('textbox', { name: 'Email' }).fill('owner@example.com')
    await dialog.getByRole('textbox', { name: 'Password' }).fill('wrong')
    await dialog.getByRole('textbox', { name: 'Password' }).press('Enter')
    await expect(page.getByTestId('sign-in-error')).toBeVisible({ timeout: 20_000 })
    await expect(dialog.getByRole('textbox', { name: 'Email' })).toHaveValue('owner@example.com')
    await page.screenshot({ path: info.outputPath(`dialog-${size.width}.png`) })
    app.assertNoPageErrors()
  })
}
