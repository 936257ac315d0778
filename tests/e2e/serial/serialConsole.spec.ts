import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { FleetApp } from '../pages/FleetApp'
import { SerialConsole } from '../pages/SerialConsole'
import { findCutText } from '../support/fitCheck'
import { makeFixtureDir, removeDir, startFleetServer, type FleetServer } from '../support/fleetServer'

// The serial console alone (issue 9): a device that speaks no frames, played by a plain node
// process on the far end of a socat pty pair. It prints boot lines and ticks, and echoes each line
// it reads. The desktop opens the near end by path (pseudo-terminals are not listed).
const DEVICE = fileURLToPath(new URL('./support/echoDevice.mjs', import.meta.url))
const SHOTS = process.env.FLEETDESK_SHOTS_DIR
let dataDir: string
let ptys: PtyPair
let device: ChildProcess | null = null
let server: FleetServer | null = null
test.describe.configure({ timeout: 120_000 })

test.beforeAll(async () => {
  dataDir = makeFixtureDir(4)
  ptys = await createPtyPair()
})
test.afterAll(async () => {
  device?.kill('SIGTERM')
  await server?.stop()
  await ptys.dispose()
  removeDir(dataDir)
})

test('open a pty by path, read what the device prints, send a line and see its echo, look at the bytes', async ({
  page,
}) => {
  server = await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  const serial = new SerialConsole(page)
  await expect(page.getByRole('region', { name: 'Serial ports' })).toBeVisible()
  await expect(page.getByTestId('serial-port-row').filter({ hasText: ptys.a })).toHaveCount(0)

  await serial.openByPath(ptys.a)
  await expect(page.getByTestId('console-title')).toHaveText(ptys.a)
  await expect(page.getByTestId('console-state')).toHaveText(/open at 115,200 baud/)
  // Port and baud are locked while it is open.
  await expect(serial.root.getByLabel('Baud rate')).toBeDisabled()

  // The device starts once the port is open, so its boot lines are all there to read.
  device = spawn(process.execPath, [DEVICE, ptys.b], { stdio: 'ignore' })
  await expect(serial.line('device ready')).toHaveCount(1)
  await expect(serial.line(/^tick 2/)).toHaveCount(1)

  await serial.send('hello bench')
  await expect(
    page.locator('[data-testid="console-line"][data-dir="out"]', { hasText: 'hello bench' }),
  ).toHaveCount(1)
  await expect(serial.line('echo: hello bench')).toHaveCount(1)
  // The sent line comes back with Up.
  await serial.input.press('ArrowUp')
  await expect(serial.input).toHaveValue('hello bench')
  await serial.input.fill('')

  // CR only, then the echo shows the line the device read with that ending.
  await serial.root.getByTestId('console-line-ending').click()
  await page.getByRole('option', { name: 'CR (\\r)' }).click()
  await serial.send('status?')
  await expect(serial.line('echo: status?')).toHaveCount(1)

  // The newest line in hex while following; then scrolled to the top (which pauses autoscroll),
  // the boot line's bytes with its CR LF.
  await serial.setView('Hex')
  await expect(serial.lines.filter({ hasText: /^74 69 63 6b 20/ }).last()).toBeVisible()
  await expect
    .poll(async () => Number(await page.getByTestId('console-list').getAttribute('data-count')))
    .toBeGreaterThan(40)
  // The wheel, as a user scrolls: it pauses following at once, even when a line lands before the
  // scroll event (which used to take the view back down).
  await page.getByTestId('console-list').hover()
  await page.mouse.wheel(0, -100_000)
  await expect(page.getByTestId('console-paused')).toBeVisible()
  await expect(serial.lines.filter({ hasText: '64 65 76 69 63 65 20 72  65 61 64 79 0d 0a' })).toBeVisible()
  await serial.setView('Text')
  await expect(serial.line('device ready')).toBeVisible()
  // Paused: new ticks keep arriving without moving what is being read.
  const count = Number(await page.getByTestId('console-list').getAttribute('data-count'))
  await expect
    .poll(async () => Number(await page.getByTestId('console-list').getAttribute('data-count')))
    .toBeGreaterThan(count)
  await expect(serial.line('device ready')).toBeVisible()
  await page.getByTestId('console-jump-latest').click()
  await expect(page.getByTestId('console-jump-latest')).toHaveCount(0)
  // From the keyboard too: Home on the focused list pauses and goes to the oldest line.
  await page.getByTestId('console-list').focus()
  await page.keyboard.press('Home')
  await expect(page.getByTestId('console-paused')).toBeVisible()
  await page.getByTestId('console-jump-latest').click()
  await expect(page.getByTestId('console-jump-latest')).toHaveCount(0)

  // Log to file says where it writes; stopping says how much it wrote.
  await page.getByTestId('console-log-start').click()
  await expect(page.getByTestId('console-log-file')).toContainText(dataDir)
  await expect(serial.line(/^tick \d+/).last()).toBeVisible()
  await page.getByTestId('console-log-stop').click()
  await expect(page.getByText('Log saved')).toBeVisible()

  for (const size of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size)
    await expect(serial.line(/^tick \d+/).last()).toBeVisible()
    const cut = await findCutText(page, {
      toolbar: '[data-testid="console-toolbar"]',
      stats: '[data-testid="console-stats"]',
      title: '[data-testid="console-title"]',
      'serial ports': 'section[aria-label="Serial ports"]',
    })
    expect(cut, `cut text at ${size.width}×${size.height}`).toEqual([])
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/console-${size.width}x${size.height}.png` })
  }

  // Closing unlocks the baud rate; the device is not told anything.
  await serial.root.getByTestId('console-close').click()
  await expect(serial.root).toHaveAttribute('data-state', 'closed')
  await expect(serial.root.getByLabel('Baud rate')).toBeEnabled()
  app.assertNoPageErrors()
})

test('a port that is not there says so in a technician’s words', async ({ page }) => {
  server ??= await startFleetServer(dataDir)
  const app = new FleetApp(page)
  await app.open(server.url)
  await page.getByTestId('serial-open-by-path').click()
  await page.getByTestId('serial-path-input').fill('/dev/ttyUSB-nowhere')
  await page.getByTestId('serial-path-open').click()
  await expect(page.getByTestId('serial-open-error')).toContainText(/not there: the device is unplugged/)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/open-error.png` })
  app.assertNoPageErrors()
})
