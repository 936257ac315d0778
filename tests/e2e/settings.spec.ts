import { expect, test } from '@playwright/test'
import { FleetApp } from './pages/FleetApp'
import { RobotPanels } from './pages/RobotPanels'
import { SettingsDialog } from './pages/SettingsDialog'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from './support/fleetServer'
import {
  makeTempDir,
  removeTempDir,
  startRobot,
  strangerRobot,
  type RunningRobot,
} from './robots/support/testRobots'

// Network settings in the app (issue 7): which interface discovery uses and which networks WebRTC
// may use, checked as typed and applied live. Loopback only: discovery moves from 127.0.0.1 to the
// interface named "lo", the same loopback; no real interface is ever chosen.
let dataDir: string
let robotDir: string
let server: FleetServer | null = null
// Each test starts a desktop and a robot and connects over real WebRTC: on a machine shared by
// several builds that alone can take a minute, so the bound is generous (it ends a hung test).
test.describe.configure({ timeout: 180_000 })
const robots: RunningRobot[] = []

test.beforeAll(() => {
  dataDir = makeFixtureDir(4)
  robotDir = makeTempDir('settings')
})
test.afterAll(async () => {
  await server?.stop()
  await Promise.all(robots.splice(0).map((r) => r.stop()))
  removeTempDir(robotDir)
  removeDir(dataDir)
})

test('the settings dialog explains the safe default, checks what is typed, and applies a change live', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const ui = new RobotPanels(page)
  const settings = new SettingsDialog(page)
  const first = strangerRobot('settings-bot-1')
  robots.push(await startRobot(first, { dataDir: robotDir }))
  await expect(ui.nearbyRow(first.partId)).toBeVisible()

  // By keyboard, from anywhere.
  await settings.openWithKeyboard()
  await expect(settings.defaultNote).toContainText(
    'Loopback only: nothing leaves this computer until you choose a network.',
  )
  await expect(settings.discoveryStatus).toContainText('looking for robots on 127.0.0.1')
  await expect(settings.discoveryOption('127.0.0.1')).toBeChecked()
  await expect(settings.discoveryOption('all')).toBeVisible()
  await expect(settings.icePreset('loopback')).toBeChecked()
  await expect(settings.iceDescription).toContainText('Loopback only')
  await expect(settings.applyButton).toBeDisabled() // nothing changed yet
  await page.keyboard.press('Escape')
  await expect(settings.root).toBeHidden()

  // From the top bar. A bad CIDR and an interface this computer does not have say why, and
  // nothing can be applied.
  await settings.openWithButton()
  await settings.icePreset('custom').click()
  await settings.iceInput.fill('loopback, 10.0.0.0/33')
  await expect(settings.iceError).toContainText(
    '10.0.0.0/33: the prefix after "/" must be a number from 0 to 32 for an IPv4 network',
  )
  await settings.discoveryOption('other').check()
  await settings.discoveryOther.fill('no-such-if0')
  await expect(settings.discoveryError).toContainText('This computer has no interface named "no-such-if0"')
  await expect(settings.discoveryError).toContainText('127.0.0.1 (lo)')
  await expect(settings.applyButton).toBeDisabled()
  await page.screenshot({ path: '/tmp/uicontrol-settings-errors.png' })

  // Fixed: discovery on the loopback interface by name, sessions on loopback and 10.0.0.0/8.
  await settings.iceInput.fill('loopback, 10.0.0.0/8')
  await expect(settings.iceError).toHaveCount(0)
  await expect(settings.iceDescription).toContainText('10.0.0.0/8')
  await settings.discoveryOther.fill('lo')
  await expect(settings.discoveryError).toHaveCount(0)
  await settings.applyButton.click()
  await expect(settings.root).toBeHidden()
  await expect(page.getByText('Discovery restarted on lo.')).toBeVisible()
  await expect(page.getByText('New sessions may use: loopback, 10.0.0.0/8.')).toBeVisible()

  // Discovery runs again on the new interface: the robot from before is found again, a robot
  // started now is found too, and a session still connects over loopback.
  await expect(ui.nearbyRow(first.partId)).toBeVisible()
  const second = strangerRobot('settings-bot-2')
  robots.push(await startRobot(second, { dataDir: robotDir }))
  await expect(ui.nearbyRow(second.partId)).toBeVisible()
  await ui.openConnect(second.partId)
  await ui.submitSecret(second.secret)
  await expect(ui.dialog).toBeHidden()
  await expect(ui.nearbyRow(second.partId)).toContainText('Live')

  await settings.openWithButton()
  await expect(settings.discoveryOption('lo')).toBeChecked()
  await expect(settings.discoveryStatus).toContainText('looking for robots on 127.0.0.1')
  await expect(settings.iceInput).toHaveValue('loopback, 10.0.0.0/8')
  await page.screenshot({ path: '/tmp/uicontrol-settings-applied.png' })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.screenshot({ path: '/tmp/uicontrol-settings-1024.png' })
  app.assertNoPageErrors()
})
