import { describe, expect, it } from 'vitest'
import { normalizeUsbId, usbChipName } from '../../../src/main/serial/ports/usbChipNames'

describe('usbChipName', () => {
  it.each([
    ['0403', '6001', 'FTDI FT232R'],
    ['10c4', 'ea60', 'Silicon Labs CP210x'],
    ['1a86', '7523', 'WCH CH340'],
    ['1a86', '5523', 'WCH CH341'],
    ['067b', '2303', 'Prolific PL2303'],
    ['2341', '0043', 'Arduino Uno (ATmega16U2)'],
    ['303a', '1001', 'ESP32-S3 / C3 USB Serial/JTAG'],
    ['303a', '0002', 'ESP32-S2 native USB'],
    ['0483', '5740', 'STM32 Virtual COM Port'],
    ['2e8a', '000a', 'Raspberry Pi Pico (USB CDC)'],
  ])('%s:%s is %s', (vid, pid, name) => {
    expect(usbChipName(vid, pid)).toBe(name)
  })

  it('reads ids in any case, with 0x or without leading zeros', () => {
    expect(usbChipName('0x10C4', 'EA60')).toBe('Silicon Labs CP210x')
    expect(usbChipName('403', '6001')).toBe('FTDI FT232R')
  })

  it('names a vendor whose product ids vary, and nothing for an unknown pair', () => {
    expect(usbChipName('239a', '80f4')).toBe('Adafruit board')
    expect(usbChipName('1234', '5678')).toBeNull()
    expect(usbChipName(null, null)).toBeNull()
    expect(usbChipName('zzzz', '6001')).toBeNull()
  })

  it('normalizes ids to four lowercase hex digits', () => {
    expect(normalizeUsbId('0x2E8A')).toBe('2e8a')
    expect(normalizeUsbId('a')).toBe('000a')
    expect(normalizeUsbId('12345')).toBeNull()
    expect(normalizeUsbId(undefined)).toBeNull()
  })
})
