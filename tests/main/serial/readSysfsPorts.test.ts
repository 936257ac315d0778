import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isMissingUdevadm, listSerialPorts } from '../../../src/main/serial/ports/listSerialPorts'
import { isSerialTtyName, readSysfsPorts } from '../../../src/main/serial/ports/readSysfsPorts'

// A fake sysfs laid out as Linux does: /class/tty/<name>/device links into /devices, and the USB
// device (idVendor, idProduct, ...) sits one level above a ttyACM's interface, two above a ttyUSB.
let sys: string

function usbDevice(dir: string, attrs: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [k, v] of Object.entries(attrs)) writeFileSync(join(dir, k), `${v}\n`)
}

function tty(name: string, deviceTarget: string | null): void {
  const dir = join(sys, 'class', 'tty', name)
  mkdirSync(dir, { recursive: true })
  if (deviceTarget) symlinkSync(deviceTarget, join(dir, 'device'))
}

beforeEach(() => {
  sys = mkdtempSync(join(tmpdir(), 'fleetdesk-sysfs-'))
  const usb1 = join(sys, 'devices', 'pci0000:00', 'usb1', '1-1')
  usbDevice(usb1, {
    idVendor: '10c4',
    idProduct: 'ea60',
    manufacturer: 'Silicon Labs',
    product: 'CP2102 USB to UART Bridge Controller',
    serial: '0001',
  })
  mkdirSync(join(usb1, '1-1:1.0', 'ttyUSB0'), { recursive: true })
  tty('ttyUSB0', join(usb1, '1-1:1.0', 'ttyUSB0'))

  const usb2 = join(sys, 'devices', 'pci0000:00', 'usb1', '1-2')
  usbDevice(usb2, { idVendor: '2E8A', idProduct: '000A', product: 'Pico' })
  mkdirSync(join(usb2, '1-2:1.0'), { recursive: true })
  tty('ttyACM0', join(usb2, '1-2:1.0'))

  const uart = join(sys, 'devices', 'platform', 'serial8250', 'tty', 'ttyS0')
  mkdirSync(uart, { recursive: true })
  tty('ttyS0', uart)

  tty('tty1', null) // a virtual console: not a serial port
  tty('ttyS9', null) // a UART with no device behind it
})

afterEach(() => rmSync(sys, { recursive: true, force: true }))

describe('readSysfsPorts', () => {
  it('lists serial ttys with a device, with the USB ids and strings above them', async () => {
    const ports = await readSysfsPorts(sys)
    expect(ports).toEqual([
      {
        path: '/dev/ttyACM0',
        manufacturer: null,
        vendorId: '2e8a',
        productId: '000a',
        serialNumber: null,
        product: 'Pico',
        chip: 'Raspberry Pi Pico (USB CDC)',
      },
      {
        path: '/dev/ttyS0',
        manufacturer: null,
        vendorId: null,
        productId: null,
        serialNumber: null,
        product: null,
        chip: null,
      },
      {
        path: '/dev/ttyUSB0',
        manufacturer: 'Silicon Labs',
        vendorId: '10c4',
        productId: 'ea60',
        serialNumber: '0001',
        product: 'CP2102 USB to UART Bridge Controller',
        chip: 'Silicon Labs CP210x',
      },
    ])
  })

  it('gives an empty list for a tree without ttys', async () => {
    rmSync(join(sys, 'class'), { recursive: true })
    expect(await readSysfsPorts(sys)).toEqual([])
  })

  it('keeps the names serialport keeps', () => {
    for (const n of ['ttyUSB0', 'ttyACM12', 'ttyS0', 'ttyAMA0', 'rfcomm0'])
      expect(isSerialTtyName(n)).toBe(true)
    for (const n of ['tty1', 'ttyprintk', 'console', 'ptmx']) expect(isSerialTtyName(n)).toBe(false)
  })
})

describe('listSerialPorts', () => {
  const noUdevadm = (): Promise<never> =>
    Promise.reject(
      Object.assign(new Error('spawn udevadm ENOENT'), {
        code: 'ENOENT',
        syscall: 'spawn udevadm',
        path: 'udevadm',
      }),
    )

  it.runIf(process.platform === 'linux')('falls back to sysfs when udevadm is missing', async () => {
    const ports = await listSerialPorts({ list: noUdevadm, sysRoot: sys })
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyACM0', '/dev/ttyS0', '/dev/ttyUSB0'])
  })

  it('maps what serialport lists, sorted by path, with the chip name', async () => {
    const ports = await listSerialPorts({
      list: () =>
        Promise.resolve([
          { path: '/dev/ttyUSB10', vendorId: '1A86', productId: '7523', manufacturer: '1a86' },
          { path: '/dev/ttyUSB2', serialNumber: ' A5069RR4 ', vendorId: '0403', productId: '6001' },
        ]),
    })
    expect(ports.map((p) => [p.path, p.chip, p.serialNumber])).toEqual([
      ['/dev/ttyUSB2', 'FTDI FT232R', 'A5069RR4'],
      ['/dev/ttyUSB10', 'WCH CH340', null],
    ])
  })

  it('passes on failures other than a missing udevadm', async () => {
    await expect(
      listSerialPorts({ list: () => Promise.reject(new Error('boom')), sysRoot: sys }),
    ).rejects.toThrow('boom')
    expect(isMissingUdevadm(Object.assign(new Error('x'), { code: 'ENOENT', path: '/dev/ttyUSB0' }))).toBe(
      false,
    )
  })

  it('lists the real ports of this computer without failing', async () => {
    const ports = await listSerialPorts()
    for (const p of ports) expect(p.path).toMatch(/^\/dev\/|^COM/)
  })
})
