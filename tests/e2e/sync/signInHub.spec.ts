import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startHubProcess, type HubProcess } from '../../hub/sync/support/hubProcess'
import { addMachines, hubCaller, signUp, type HubAccount } from '../../main/sync/support/hubAccounts'
import { FleetApp } from '../pages/FleetApp'
import { removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'

// The sign-in dialog and sync menu against a hub process (tsx src/hub/main.ts on PGlite), with an
// owner and machines made through the hub's own routes: what a user meets on a fresh desktop.

const MACHINES = ['loader', 'lift', 'sorter']

let hub: HubProcess | null = null
let server: FleetServer | null = null
let owner: HubAccount
const dirs: string[] = []

test.beforeEach(async () => {
  const hubDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-hub-'))
  dirs.push(hubDir)
  hub = await startHubProcess(hubDir, {}, ['--allow-signup'])
  const calls = hubCaller(hub.url)
  owner = await signUp(calls, 'owner@plant.example')
  await addMachines(calls, owner, 'Dock', MACHINES)
})
test.afterEach(async () => {
  await server?.stop()
  server = null
  await hub?.kill()
  hub = null
  for (const d of dirs.splice(0)) removeDir(d)
})

test('signs in with email and password from the dashboard, the hub machines arrive, a wrong password keeps the email, sign-out asks', async ({
  page,
}, info) => {
  test.setTimeout(180_000) // the hub process starts through tsx and PGlite: slow on a loaded machine
  await page.setViewportSize({ width: 1440, height: 900 })
  const deskDir = mkdtempSync(join(tmpdir(), 'fleetdesk-e2e-desk-'))
  dirs.push(deskDir)
  server = await startFleetServer(deskDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const button = page.getByTestId('connection-state')
  await expect(button).toHaveAttribute('data-state', 'signed-out')

  // The empty dashboard offers the hub: it opens the same dialog as the sync menu.
  await expect(page.getByTestId('empty-state')).not.toContainText('coming version')
  await page.screenshot({ path: info.outputPath('dashboard-1440.png') })
  await page.getByTestId('empty-sign-in').click()
  const dialog = page.getByRole('dialog', { name: 'Sign in to a hub' })
  await dialog.getByLabel('Hub address').fill(hub?.url ?? '')
  await dialog.getByRole('textbox', { name: 'Email' }).fill(owner.email)
  const password = dialog.getByRole('textbox', { name: 'Password' })
  await password.fill('not the password')
  await password.press('Enter')
  await expect(page.getByTestId('sign-in-error')).toContainText(/password/i)
  await expect(dialog.getByRole('textbox', { name: 'Email' })).toHaveValue(owner.email)
  await page.screenshot({ path: info.outputPath('wrong-password-1440.png') })

  await password.fill(owner.password)
  await password.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(button).toHaveAttribute('data-state', 'online')
  for (const name of MACHINES) await expect(app.treeRow('machine', name)).toBeVisible()
  // Three machines pull in one page: the progress bar (tests/renderer/sync) is gone once done.
  await expect(page.getByTestId('sync-progress')).toBeHidden()
  await button.click()
  await expect(page.getByTestId('sync-state-label')).toHaveText('Online')
  await expect(page.getByTestId('sync-menu')).toContainText(`Signed in as ${owner.email}`)
  await page.screenshot({ path: info.outputPath('online-1440.png') })

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  const confirm = page.getByRole('dialog', { name: 'Sign out of the hub?' })
  await expect(confirm).toContainText('stay on this computer')
  await page.screenshot({ path: info.outputPath('sign-out-asks-1440.png') })
  await confirm.getByTestId('confirm-sign-out').click()
  await expect(confirm).toBeHidden()
  await expect(button).toHaveAttribute('data-state', 'signed-out')
  await button.click()
  await expect(page.getByTestId('sync-state-label')).toHaveText('Signed out')
  await page.screenshot({ path: info.outputPath('signed-out-1440.png') })
  app.assertNoPageErrors()
})
