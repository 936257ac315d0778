import { describe, expect, it } from 'vitest'
import { listedPort } from './support/listedPort'
import { checkRememberedDevice } from '../../../src/main/serial/ports/checkRememberedDevice'

const port = listedPort

const ftdi = { vendorId: '0403', productId: '6001' }
const ch340 = { vendorId: '1a86', productId: '7523' }
const remembered = (usb: { vendorId?: string; productId?: string; serialNumber?: string } = {}) => ({
  path: '/dev/ttyUSB0',
  vendorId: usb.vendorId ?? null,
  productId: usb.productId ?? null,
  serialNumber: usb.serialNumber ?? null,
})

describe('checkRememberedDevice', () => {
  it('lets the same device open, by serial number or by vendor and product', () => {
    const withSerial = remembered({ ...ftdi, serialNumber: 'A1' })
    expect(
      checkRememberedDevice(withSerial, [port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'A1' })]),
    ).toEqual({
      ok: true,
    })
    expect(checkRememberedDevice(remembered(ftdi), [port('/dev/ttyUSB0', ftdi)])).toEqual({ ok: true })
  })

  it('refuses another USB device at the path, naming both', () => {
    const check = checkRememberedDevice(remembered({ ...ftdi, serialNumber: 'A1' }), [
      port('/dev/ttyUSB0', { ...ch340 }),
    ])
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.found).toEqual({ path: '/dev/ttyUSB0', ...ch340, serialNumber: null })
    expect(check.message).toContain('the USB device 1a86:7523')
    expect(check.message).toContain('the device with serial number A1')
  })

  it('refuses the same kind of adapter with another serial number', () => {
    const check = checkRememberedDevice(remembered({ ...ftdi, serialNumber: 'A1' }), [
      port('/dev/ttyUSB0', { ...ftdi, serialNumber: 'B2' }),
    ])
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.message).toContain('serial number B2')
  })

  it('refuses a USB device where a pty or built-in UART was remembered', () => {
    expect(checkRememberedDevice(remembered(), [port('/dev/ttyUSB0', ftdi)]).ok).toBe(false)
    expect(checkRememberedDevice(remembered(), [port('/dev/ttyUSB0')]).ok).toBe(true)
  })

  it('leaves a path not listed to the open', () => {
    expect(checkRememberedDevice(remembered(ftdi), [port('/dev/ttyUSB1', ch340)])).toEqual({ ok: true })
  })
})
