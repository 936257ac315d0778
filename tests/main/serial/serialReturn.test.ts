import { afterEach, describe, expect, it } from 'vitest'
import type { SerialPort } from 'serialport'
import { systemClock } from '../../../src/agent/runtime/Clock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import { createSerialConnector } from '../../../src/main/robots/connectors/createSerialConnector'
import { connectorByKind } from '../../../src/main/robots/connectors/RobotConnector'
import { RobotSessions } from '../../../src/main/robots/RobotSessions'
import { SerialLinks } from '../../../src/main/serial/link/SerialLinks'
import { deviceIdentity } from '../../../src/main/serial/ports/findReturningPort'
import { openLockedPort } from '../../../src/net/serial/createFramedLink'
import type { RobotSessionView } from '../../../src/shared/api/robotViews'
import type { SerialPortView } from '../../../src/shared/api/serialViews'
import { nextEvent } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { PART_ID, SECRET, startHarness, type Harness } from '../../agent/agentHarness'

// A robot on a USB adapter that comes back at another path (unplugged, plugged into another
// socket: /dev/ttyUSB0 becomes /dev/ttyUSB1) is found again by its serial number. No USB hardware
// can run here and ptys carry no USB descriptors, so the port LIST is a lister that dresses the
// real pty paths as one FTDI adapter with a serial number; the links themselves are real ptys,
// with a real Agent on the other end, opened with the real exclusive lock.

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
const transports: SerialTransport[] = []
let harness: Harness | undefined
let sessions: RobotSessions | undefined
let blocker: SerialPort | undefined
afterEach(async () => {
  sessions?.closeAll()
  if (blocker?.isOpen) await new Promise((resolve) => blocker!.close(resolve))
  await Promise.all(transports.splice(0).map((t) => t.stop()))
  await harness?.agent.close()
  await Promise.all(pairs.splice(0).map((p) => p.dispose()))
  harness = sessions = blocker = undefined
})

async function serve(h: Harness): Promise<PtyPair> {
  const pair = await createPtyPair()
  pairs.push(pair)
  const transport = createSerialTransport({
    path: pair.b,
    baudRate: 115200,
    banner: 'bench-bot\r\n',
    retryDelaysMs: [50, 100, 200],
  })
  transports.push(transport)
  await transport.start(h.agent)
  return pair
}

describe('a serial session whose device comes back', () => {
  it('reconnects where the same serial number is listed again, waiting while another program holds it', async () => {
    harness = await startHarness({ clock: systemClock() })
    const first = await serve(harness)
    let listed: SerialPortView[] = [usb(first.a, 'FD-0001')]
    const links = new SerialLinks()
    const views = new Set<(view: RobotSessionView) => void>()
    const onView = (l: (view: RobotSessionView) => void): (() => void) => {
      views.add(l)
      return () => views.delete(l)
    }
    sessions = new RobotSessions({
      connector: connectorByKind({
        serial: createSerialConnector({ registry: links, ports: { list: () => Promise.resolve(listed) } }),
      }),
      onChange: (view) => views.forEach((l) => l(view)),
      onOpenOrEnd: () => undefined,
      onLive: () => undefined,
    })
    // As RobotService does: the device is what the listing said was on the path when first opened.
    const device = deviceIdentity(first.a, listed)
    expect(device.serialNumber).toBe('FD-0001')
    await sessions.open({
      partId: PART_ID,
      machineId: null,
      machineName: 'bench-bot',
      auth: { kind: 'secret', partId: PART_ID, secret: SECRET },
      resolveTarget: () => ({ kind: 'serial', path: first.a, baudRate: 115200, device }),
    })

    // Unplugged: the adapter leaves the listing and its pty goes away.
    const waiting = nextEvent<RobotSessionView>('waiting for the device', onView, (v) =>
      /Waiting for the device with serial number FD-0001/.test(v.error ?? ''),
    )
    listed = []
    await first.kill()
    expect(await waiting).toMatchObject({ state: 'unreachable' })

    // Plugged in elsewhere: same serial number, another path; a port with another number is listed
    // too (and must not be taken). Another program holds the new path for now.
    const second = await serve(harness)
    const other = await createPtyPair()
    pairs.push(other)
    blocker = await openLockedPort({ path: second.a, baudRate: 115200 })
    const held = nextEvent<RobotSessionView>('held elsewhere', onView, (v) =>
      /held by another program/.test(v.error ?? ''),
    )
    listed = [usb(other.a, 'FD-0002'), usb(second.a, 'FD-0001')]
    const heldView = await held
    expect(heldView.state).not.toBe('closed')
    expect(links.get(other.a)).toBeUndefined()

    // The other program lets go: the session reconnects there by itself.
    const live = nextEvent<RobotSessionView>('live at the new path', onView, (v) => v.state === 'live', {
      timeoutMs: 40_000,
    })
    await new Promise((resolve) => blocker!.close(resolve))
    expect(await live).toMatchObject({ address: `${second.a} @ 115200 baud`, error: null })
    const client = sessions.liveClient(PART_ID, 'bench-bot')
    await client.callComponent('left', 'setPower', { power: 0.3 })
    expect((harness.agent.resource('left').readings() as { isMoving: boolean }).isMoving).toBe(true)
    expect(links.get(second.a)?.isOpen).toBe(true)
  }, 60_000)
})
