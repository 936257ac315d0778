import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SerialPort } from 'serialport'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/agent/runtime/Clock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import type { SerialLink } from '../../../src/main/serial/link/SerialLink'
import { serialLinks } from '../../../src/main/serial/link/SerialLinks'
import { openLockedPort } from '../../../src/net/serial/createFramedLink'
import type { RobotSessionView } from '../../../src/shared/api/robotViews'
import type { SerialPortView } from '../../../src/shared/api/serialViews'
import { eventually, nextEvent } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { PART_ID, SECRET, startHarness, type Harness } from '../../agent/agentHarness'

// Auto-connect on a real core: ptys appear in the port list as USB devices would when plugged in
// (ptys carry no USB descriptors and no USB hardware can run here, so the lister is injected and
// dresses the real pty paths; the ports themselves are real ptys, opened with the real lock).

const usb = (path: string, serialNumber: string): SerialPortView => ({
  path,
  manufacturer: 'FTDI',
  vendorId: '0403',
  productId: '6001',
  serialNumber,
  product: null,
  chip: 'FTDI FT232R',
})

const pairs: PtyPair[] = []
const devices: SerialLink[] = []
let dataDir: string | undefined
let started: StartedCore | undefined
let harness: Harness | undefined
let transport: SerialTransport | undefined
let blocker: SerialPort | undefined
afterEach(async () => {
  await started?.stop()
  if (blocker?.isOpen) await new Promise((resolve) => blocker!.close(resolve))
  await transport?.stop()
  await harness?.agent.close()
  await Promise.all(devices.splice(0).map((d) => d.close()))
  await Promise.all(pairs.splice(0).map((p) => p.dispose()))
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  started = harness = transport = blocker = dataDir = undefined
})

/** A device that speaks no frames: it prints a line for whatever it is sent, and counts the bytes. */
async function plainDevice(): Promise<{ pair: PtyPair; received: () => number }> {
  const pair = await createPtyPair()
  pairs.push(pair)
  const device = await openSerialLink({ path: pair.b, baudRate: 115200 })
  devices.push(device)
  device.onConsoleBytes(() => void device.writeRaw(new TextEncoder().encode('READY> unknown command\r\n')))
  return { pair, received: () => device.stats().bytesIn }
}

describe('serial auto-connect', () => {
  it('is off by default; when on, opens a session on a newly listed robot and leaves other ports alone until replugged', async () => {
    harness = await startHarness({ clock: systemClock() })
    const robot = await createPtyPair()
    pairs.push(robot)
    transport = createSerialTransport({ path: robot.b, baudRate: 115200, banner: 'bench-bot\r\n' })
    await transport.start(harness.agent)
    const plain = await plainDevice()
    const held = await plainDevice()
    const witness = await plainDevice()

    let listed: SerialPortView[] = []
    dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-autoconnect-'))
    started = await startCore({ dataDir, discovery: false, listSerialPorts: () => Promise.resolve(listed) })
    const { core } = started
    await core.rememberRobotSecret(PART_ID, SECRET)
    expect((await core.call('getSettings', {})).serialAutoConnect).toBe(false)
    await core.call('listSerialPorts', {})
    expect(await core.call('setSerialAutoConnect', { enabled: true })).toEqual({ enabled: true })
    expect((await core.call('getSettings', {})).serialAutoConnect).toBe(true)

    // Another program holds one of them: it must neither be taken nor stolen.
    blocker = await openLockedPort({ path: held.pair.a, baudRate: 115200 })
    const live = nextEvent<RobotSessionView>(
      'the robot auto-connected',
      (l) => core.events.on('robotSession', l),
      (v) => v.state === 'live',
    )
    // Plugged in: three devices appear (no window watches the list: auto-connect keeps the poll).
    listed = [usb(robot.a, 'R1'), usb(plain.pair.a, 'P1'), usb(held.pair.a, 'H1')]
    expect(await live).toMatchObject({ partId: PART_ID, via: 'serial', address: `${robot.a} @ 115200 baud` })

    // The plain device was asked once, got no answer, and its port was let go.
    await eventually('the plain device probed', () => (plain.received() > 0 ? true : undefined))
    await eventually('the plain port let go', () => (serialLinks.get(plain.pair.a) ? undefined : true))
    expect(held.received()).toBe(0)
    expect(blocker.isOpen).toBe(true)
    expect(serialLinks.get(held.pair.a)).toBeUndefined()
    expect((await core.call('listRobotSessions', {})).map((s) => s.address)).toEqual([
      `${robot.a} @ 115200 baud`,
    ])

    // A later change of the list: only the new port is asked; the plain one is not retried.
    const probedBefore = plain.received()
    listed = [...listed, usb(witness.pair.a, 'W1')]
    await eventually('the new port probed', () => (witness.received() > 0 ? true : undefined))
    await eventually('the new port let go', () => (serialLinks.get(witness.pair.a) ? undefined : true))
    expect(plain.received()).toBe(probedBefore)

    // Replugged (gone from the list, then back): asked again.
    const gone = nextEvent<SerialPortView[]>(
      'the plain device unplugged',
      (l) => core.events.on('serialPorts', l),
      (ports) => !ports.some((p) => p.path === plain.pair.a),
    )
    listed = listed.filter((p) => p.path !== plain.pair.a)
    await gone
    listed = [...listed, usb(plain.pair.a, 'P1')]
    await eventually('the replugged device probed again', () =>
      plain.received() > probedBefore ? true : undefined,
    )

    // Off again: a new port is not touched.
    await core.call('setSerialAutoConnect', { enabled: false })
    expect((await core.call('getSettings', {})).serialAutoConnect).toBe(false)
  }, 60_000)
})
