import { describe, expect, it } from 'vitest'
import { describeSerialError } from '../../../src/main/serial/link/describeSerialError'

const linux = { path: '/dev/ttyUSB0', platform: 'linux' }

describe('describeSerialError', () => {
  it('names the dialout group and the command to join it for a permission problem on Linux', () => {
    const err = describeSerialError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), linux)
    expect(err.code).toBe('permission-denied')
    expect(err.message).toContain('"dialout" group')
    expect(err.message).toContain('sudo usermod -aG dialout $USER')
    expect(err.message).toContain('log out and back in')
  })

  it('says a port another program holds is in use (lock refused, busy, Windows access denied)', () => {
    for (const [message, platform] of [
      ['Error Resource temporarily unavailable Cannot lock port', 'linux'],
      ['Error: Device or resource busy, cannot open /dev/ttyUSB0', 'linux'],
      ['Error: Resource busy, cannot open /dev/cu.usbserial', 'darwin'],
      ['Opening COM3: Access denied', 'win32'],
    ] as const) {
      const err = describeSerialError(new Error(message), { path: '/dev/ttyUSB0', platform })
      expect(err.code, message).toBe('unavailable')
      expect(err.message, message).toContain('held by another program')
    }
  })

  it('says the device is not there for ENOENT', () => {
    const err = describeSerialError(Object.assign(new Error('open failed'), { code: 'ENOENT' }), linux)
    expect(err.code).toBe('not-found')
    expect(err.message).toContain('/dev/ttyUSB0 is not there')
    expect(
      describeSerialError(new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'), linux)
        .code,
    ).toBe('not-found')
  })

  it('keeps the original text for anything else', () => {
    const err = describeSerialError(new Error('something odd'), linux)
    expect(err.code).toBe('unavailable')
    expect(err.message).toBe('Could not use /dev/ttyUSB0: something odd')
  })
})
