import { describe, expect, it } from 'vitest'
import type { SerialPortView } from '../../../src/shared/api/serialViews'
import { listedPort } from './support/listedPort'
import {
  deviceIdentity,
  findReturningPort,
  type SerialDeviceIdentity,
} from '../../../src/main/serial/ports/findReturningPort'

const port = listedPort

const ftdi = { vendorId: '0403', productId: '6001' }
const lostAt = (path: string, ports: SerialPortView[]): SerialDeviceIdentity => deviceIdentity(path, ports)

describe('findReturningPort', () => {
  it('finds a device by its serial number wherever it is listed now', () => {
    const lost = lostAt('/dev/ttyUSB0', [port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'A1' })])
    expect(lost).toEqual({ path: '/dev/ttyUSB0', ...ftdi, serialNumber: 'A1' })
    expect(findReturningPort(lost, [])).toBeNull()
    expect(findReturningPort(lost, [port('/dev/ttyUSB3', { ...ftdi, serialNumber: 'A1' })])).toBe(
      '/dev/ttyUSB3',
    )
    // Another device took the old path: it is not ours.
    expect(
      findReturningPort(lost, [
        port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'B2' }),
        port('/dev/ttyUSB1', { ...ftdi, serialNumber: 'A1' }),
      ]),
    ).toBe('/dev/ttyUSB1')
    expect(findReturningPort(lost, [port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'B2' })])).toBeNull()
    // Same number from another vendor: another device.
    expect(
      findReturningPort(lost, [
        port('/dev/ttyACM0', { vendorId: '2341', productId: '0043', serialNumber: 'A1' }),
      ]),
    ).toBeNull()
  })

  it('tells apart two devices sharing a serial number only by the old path', () => {
    const lost = lostAt('/dev/ttyUSB1', [port('/dev/ttyUSB1', { ...ftdi, serialNumber: '0001' })])
    const clones = [
      port('/dev/ttyUSB0', { ...ftdi, serialNumber: '0001' }),
      port('/dev/ttyUSB1', { ...ftdi, serialNumber: '0001' }),
    ]
    expect(findReturningPort(lost, clones)).toBe('/dev/ttyUSB1')
    expect(
      findReturningPort(lost, [
        port('/dev/ttyUSB2', { ...ftdi, serialNumber: '0001' }),
        port('/dev/ttyUSB3', { ...ftdi, serialNumber: '0001' }),
      ]),
    ).toBeNull()
  })

  it('without a serial number, counts only the same path with the same vendor and product', () => {
    const lost = lostAt('/dev/ttyUSB0', [port('/dev/ttyUSB0', ftdi), port('/dev/ttyUSB1', ftdi)])
    expect(lost.serialNumber).toBeNull()
    // Two alike adapters and no serial number: only the same path counts.
    expect(findReturningPort(lost, [port('/dev/ttyUSB0', ftdi), port('/dev/ttyUSB1', ftdi)])).toBe(
      '/dev/ttyUSB0',
    )
    expect(findReturningPort(lost, [port('/dev/ttyUSB1', ftdi)])).toBeNull()
    expect(findReturningPort(lost, [port('/dev/ttyUSB2', ftdi), port('/dev/ttyUSB3', ftdi)])).toBeNull()
    // Another kind of adapter, or one with a serial number, at the old path: another device.
    expect(
      findReturningPort(lost, [port('/dev/ttyUSB0', { vendorId: '10c4', productId: 'ea60' })]),
    ).toBeNull()
    expect(findReturningPort(lost, [port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'Z9' })])).toBeNull()
  })

  it('reopens a port with no USB identity at its path, unless a USB device is listed there now', () => {
    const lost = lostAt('/tmp/pty-a', [])
    expect(lost).toEqual({ path: '/tmp/pty-a', vendorId: null, productId: null, serialNumber: null })
    // Not listed (a pty): the path is all there is to go by; opening it says whether it is back.
    expect(findReturningPort(lost, [])).toBe('/tmp/pty-a')
    expect(findReturningPort(lost, [port('/tmp/pty-a')])).toBe('/tmp/pty-a')
    expect(findReturningPort(lost, [port('/tmp/pty-a', ftdi)])).toBeNull()
  })
})
