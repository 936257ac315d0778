import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEvents } from '../../../src/shared/api/contract'
import type {
  ConsoleLine,
  SerialConsoleBatch,
  SerialConsoleView,
  SerialPortView,
} from '../../../src/shared/api/serialViews'
import { Emitter } from '../../../src/main/core/Emitter'
import { SerialService } from '../../../src/main/serial/SerialService'
import { SerialLinks } from '../../../src/main/serial/link/SerialLinks'
import { eventually, nextEvent } from '../../support/eventually'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'

// The console pipeline over a real pseudo-terminal pair: the service opens one end, a plain
// serialport on the other end plays a device that prints text and reads what is typed.
let ptys: PtyPair
let device: SerialPort
let logDir: string
let events: Emitter<CoreEvents>
let service: SerialService
let batches: SerialConsoleBatch[]

beforeAll(async () => {
  ptys = await createPtyPair()
  device = new SerialPort({ path: ptys.b, baudRate: 115200, autoOpen: false })
  await new Promise<void>((resolve, reject) => device.open((err) => (err ? reject(err) : resolve())))
  logDir = mkdtempSync(join(tmpdir(), 'fleetdesk-serial-logs-'))
  events = new Emitter<CoreEvents>()
  batches = []
  events.on('serialConsole', (b) => batches.push(b))
  service = new SerialService({
    events,
    openLink: openSerialLink,
    logDir,
    listPorts: () => Promise.resolve([]),
  })
})

afterEach(() => {
  batches.length = 0
})

afterAll(async () => {
  await service.stop()
  await new Promise<void>((resolve) => (device.isOpen ? device.close(() => resolve()) : resolve()))
  await ptys.dispose()
  rmSync(logDir, { recursive: true, force: true })
})

const write = (text: string | Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => device.write(Buffer.from(text), (err) => (err ? reject(err) : resolve())))
const received = (): ConsoleLine[] => batches.flatMap((b) => b.lines)

describe('SerialService consoles', () => {
  it('opens a console by path and shows what the device prints, in batches', async () => {
    const snapshot = await service.handlers.openSerialConsole({ path: ptys.a, baudRate: 115200 })
    expect(snapshot).toMatchObject({ path: ptys.a, baudRate: 115200, state: 'open', lines: [] })
    const lines = Array.from({ length: 500 }, (_, i) => `reading ${i}`)
    await write(lines.map((l) => `${l}\r\n`).join(''))
    await eventually('500 lines', () => (received().length >= 500 ? true : undefined))
    expect(received().map((l) => l.text)).toEqual(lines)
    // Batched: far fewer messages than lines, never one per chunk.
    expect(batches.length).toBeLessThan(50)
    const snap = await service.handlers.getSerialConsole({ path: ptys.a })
    expect(snap?.lines.length).toBe(500)
    expect(snap?.bytesIn).toBeGreaterThan(5000)
  })

  it('sends a line with the chosen ending and lists it as sent', async () => {
    const got: Buffer[] = []
    const onData = (d: Buffer): number => got.push(d)
    device.on('data', onData)
    const sent = await service.handlers.sendSerialLine({ path: ptys.a, text: 'help', lineEnding: 'crlf' })
    expect(sent.bytes).toBe(6)
    await eventually('the device reads it', () =>
      Buffer.concat(got).toString() === 'help\r\n' ? true : undefined,
    )
    device.off('data', onData)
    await eventually('the sent line', () => received().find((l) => l.dir === 'out'))
    expect(received().find((l) => l.dir === 'out')).toMatchObject({ text: 'help', eol: '\r\n' })
  })

  it('shows the line still arriving, then completes it', async () => {
    await write('prompt> ')
    await eventually('partial', () => (batches.at(-1)?.partial?.text === 'prompt> ' ? true : undefined))
    await write('ok\n')
    await eventually('completed', () => received().find((l) => l.text === 'prompt> ok'))
  })

  it('refuses another baud rate while open, and joins at the same one', async () => {
    await expect(service.handlers.openSerialConsole({ path: ptys.a, baudRate: 9600 })).rejects.toThrow(
      /open at 115200 baud/,
    )
    const again = await service.handlers.openSerialConsole({ path: ptys.a, baudRate: 115200 })
    expect(again.state).toBe('open')
  })

  it('logs to a file in the log folder, with times and directions', async () => {
    const view = await service.handlers.startSerialLog({ path: ptys.a })
    expect(view.logFile).toContain(logDir)
    await write('logged line\n')
    await service.handlers.sendSerialLine({ path: ptys.a, text: 'typed', lineEnding: 'lf' })
    await eventually('logged', () => received().find((l) => l.text === 'logged line'))
    const stopped = await service.handlers.stopSerialLog({ path: ptys.a })
    expect(stopped.logFile).toBeNull()
    expect(stopped.loggedTo).toBe(view.logFile)
    const text = readFileSync(view.logFile!, 'utf8')
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z < logged line$/m)
    expect(text).toMatch(/Z > typed$/m)
    expect(stopped.logBytes).toBe(Buffer.byteLength(text))
  })

  it('clears, telling every window', async () => {
    const cleared = nextEvent<SerialConsoleView>('cleared', (l) => events.on('serialConsoleState', l))
    const view = await service.handlers.clearSerialConsole({ path: ptys.a })
    expect((await cleared).clears).toBe(view.clears)
    expect((await service.handlers.getSerialConsole({ path: ptys.a }))?.lines).toEqual([])
  })

  it('caps a flood and says how much was trimmed', async () => {
    const line = `${'#'.repeat(70)}\n`
    await write(line.repeat(15_000))
    await eventually('15,000 lines in', async () => {
      const s = await service.handlers.getSerialConsole({ path: ptys.a })
      return s && s.lines.length + s.trimmed >= 15_000 ? s : undefined
    }).then((s) => {
      expect(s.lines.length).toBe(10_000)
      expect(s.trimmed).toBeGreaterThanOrEqual(5000)
    })
  })

  it('says why when the port goes away, and refuses to send then', async () => {
    const closed = nextEvent<SerialConsoleView>(
      'closed',
      (l) => events.on('serialConsoleState', l),
      (v) => v.state === 'closed',
    )
    await ptys.kill()
    expect((await closed).state).toBe('closed')
    await expect(
      service.handlers.sendSerialLine({ path: ptys.a, text: 'x', lineEnding: 'lf' }),
    ).rejects.toThrow(/closed: open it again/)
  })

  it('reports an open failure in the console state and as the error', async () => {
    await expect(
      service.handlers.openSerialConsole({ path: '/dev/does-not-exist', baudRate: 115200 }),
    ).rejects.toThrow()
    const snap = await service.handlers.getSerialConsole({ path: '/dev/does-not-exist' })
    expect(snap).toMatchObject({ state: 'closed' })
    expect(snap?.error).toBeTruthy()
    expect(
      await service.handlers.closeSerialConsole({ path: '/dev/does-not-exist', keepForSession: false }),
    ).toMatchObject({
      state: 'closed',
    })
    expect(await service.handlers.getSerialConsole({ path: '/dev/does-not-exist' })).toBeNull()
  })
})

describe('SerialService ports', () => {
  it('tells only changes, and only while a window watches', async () => {
    let ports: SerialPortView[] = []
    const ev = new Emitter<CoreEvents>()
    const told: SerialPortView[][] = []
    ev.on('serialPorts', (p) => told.push(p))
    const s = new SerialService({
      events: ev,
      openLink: openSerialLink,
      logDir,
      listPorts: () => Promise.resolve(ports),
      pollIntervalMs: 20,
    })
    expect(await s.handlers.listSerialPorts({})).toEqual([])
    expect((await s.handlers.watchSerialPorts({})).leaseMs).toBeGreaterThan(1000)
    const usb: SerialPortView = {
      path: '/dev/ttyUSB0',
      manufacturer: 'FTDI',
      vendorId: '0403',
      productId: '6001',
      serialNumber: 'A1',
      product: null,
      chip: 'FTDI FT232R',
    }
    ports = [usb]
    await eventually('plugged', () => (told.length === 1 ? true : undefined))
    expect(told[0]).toEqual([usb])
    ports = []
    await eventually('pulled', () => (told.length === 2 ? true : undefined))
    expect(told[1]).toEqual([])
    await s.stop()
  })
})

describe('SerialService with a robot session on the port', () => {
  it('listens to the link the session holds, and leaves it open when the console closes', async () => {
    const pair = await createPtyPair()
    const links = new SerialLinks()
    const held = await openSerialLink({ path: pair.a, baudRate: 57600 })
    links.add(held)
    const ev = new Emitter<CoreEvents>()
    const got: SerialConsoleBatch[] = []
    ev.on('serialConsole', (b) => got.push(b))
    const s = new SerialService({
      events: ev,
      openLink: () => Promise.reject(new Error('must not open the port again')),
      links,
      logDir,
      listPorts: () => Promise.resolve([]),
    })
    try {
      const snap = await s.handlers.openSerialConsole({ path: pair.a, baudRate: 115200 })
      expect(snap).toMatchObject({ state: 'open', sharedWithSession: true, baudRate: 57600 })
      const dev = new SerialPort({ path: pair.b, baudRate: 57600, autoOpen: false })
      await new Promise<void>((resolve, reject) => dev.open((err) => (err ? reject(err) : resolve())))
      dev.write('agent booting\n')
      await eventually('boot text', () => got.flatMap((b) => b.lines).find((l) => l.text === 'agent booting'))
      await s.handlers.closeSerialConsole({ path: pair.a, keepForSession: false })
      expect(held.isOpen).toBe(true)
      await new Promise<void>((resolve) => dev.close(() => resolve()))
    } finally {
      await s.stop()
      await held.close()
      await pair.dispose()
    }
  })
})

describe('SerialService handing a port to a robot session', () => {
  it('keeps the console and its lines, frees the port, and listens to the link the session opens', async () => {
    const pair = await createPtyPair()
    const links = new SerialLinks()
    const ev = new Emitter<CoreEvents>()
    const s = new SerialService({
      events: ev,
      openLink: openSerialLink,
      links,
      logDir,
      listPorts: () => Promise.resolve([]),
    })
    const dev = new SerialPort({ path: pair.b, baudRate: 115200, autoOpen: false })
    await new Promise<void>((resolve, reject) => dev.open((err) => (err ? reject(err) : resolve())))
    try {
      await s.handlers.openSerialConsole({ path: pair.a, baudRate: 115200 })
      dev.write('before the session\n')
      await eventually('first line', async () =>
        (await s.handlers.getSerialConsole({ path: pair.a }))?.lines.find(
          (l) => l.text === 'before the session',
        ),
      )
      const handed = await s.handlers.closeSerialConsole({ path: pair.a, keepForSession: true })
      expect(handed).toMatchObject({ state: 'closed' })
      expect(links.get(pair.a)).toBeUndefined()
      // The session opens the port itself (the connector refuses a port already open here).
      const sessionLink = await openSerialLink({ path: pair.a, baudRate: 115200 })
      links.add(sessionLink)
      const snap = await s.handlers.getSerialConsole({ path: pair.a })
      expect(snap).toMatchObject({ state: 'open', sharedWithSession: true })
      expect(snap?.lines.map((l) => l.text)).toContain('before the session')
      dev.write('banner from the agent\r\n')
      await eventually('banner', async () =>
        (await s.handlers.getSerialConsole({ path: pair.a }))?.lines.find(
          (l) => l.text === 'banner from the agent',
        ),
      )
      await sessionLink.close()
    } finally {
      await new Promise<void>((resolve) => dev.close(() => resolve()))
      await s.stop()
      await pair.dispose()
    }
  })
})
