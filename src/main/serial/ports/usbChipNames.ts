/**
 * Friendly names of common USB-serial chips and boards, keyed by `vid:pid` (lowercase hex): what a
 * technician recognises on the bench ("CH340", "CP210x") when the device's own strings say little.
 * A vendor-only entry (`vid:*`) names boards of a vendor whose product ids vary.
 */
const CHIPS: Readonly<Record<string, string>> = {
  // FTDI
  '0403:6001': 'FTDI FT232R',
  '0403:6010': 'FTDI FT2232',
  '0403:6011': 'FTDI FT4232',
  '0403:6014': 'FTDI FT232H',
  '0403:6015': 'FTDI FT231X / FT230X',
  // Silicon Labs
  '10c4:ea60': 'Silicon Labs CP210x',
  '10c4:ea70': 'Silicon Labs CP2105',
  '10c4:ea71': 'Silicon Labs CP2108',
  // WCH
  '1a86:7523': 'WCH CH340',
  '1a86:5523': 'WCH CH341',
  '1a86:7522': 'WCH CH340K',
  '1a86:55d4': 'WCH CH9102',
  '1a86:55d3': 'WCH CH343',
  // Prolific
  '067b:2303': 'Prolific PL2303',
  '067b:23a3': 'Prolific PL2303GC',
  // Arduino (the ATmega16U2 / 8U2 that bridges USB on the Uno and Mega)
  '2341:0043': 'Arduino Uno (ATmega16U2)',
  '2341:0001': 'Arduino Uno (ATmega8U2)',
  '2341:0010': 'Arduino Mega 2560 (ATmega8U2)',
  '2341:0042': 'Arduino Mega 2560 (ATmega16U2)',
  '2341:8036': 'Arduino Leonardo',
  '2341:8037': 'Arduino Micro',
  '2341:0058': 'Arduino Nano Every',
  '2a03:0043': 'Arduino Uno (ATmega16U2)',
  // Espressif native USB
  '303a:0002': 'ESP32-S2 native USB',
  '303a:1001': 'ESP32-S3 / C3 USB Serial/JTAG',
  '303a:4001': 'ESP32-S3 native USB (TinyUSB)',
  // STMicroelectronics
  '0483:5740': 'STM32 Virtual COM Port',
  '0483:374b': 'ST-LINK/V2-1 VCP',
  '0483:374e': 'STLINK-V3 VCP',
  '0483:3752': 'ST-LINK/V2-1 VCP',
  // Raspberry Pi
  '2e8a:000a': 'Raspberry Pi Pico (USB CDC)',
  '2e8a:0005': 'Raspberry Pi Pico (MicroPython)',
  '2e8a:000c': 'Raspberry Pi Debug Probe',
  // Others met on benches
  '1366:0105': 'SEGGER J-Link VCOM',
  '239a:*': 'Adafruit board',
  '16c0:0483': 'Teensy (USB serial)',
  '04d8:000a': 'Microchip MCP2200 / CDC',
  '0d28:0204': 'Arm DAPLink / mbed VCOM',
}

function normalize(id: string | null | undefined): string | null {
  if (!id) return null
  const hex = id.toLowerCase().replace(/^0x/, '')
  return /^[0-9a-f]{1,4}$/.test(hex) ? hex.padStart(4, '0') : null
}

/** The chip or board behind a USB vendor and product id, if it is a common one. */
export function usbChipName(
  vendorId: string | null | undefined,
  productId: string | null | undefined,
): string | null {
  const vid = normalize(vendorId)
  const pid = normalize(productId)
  if (!vid) return null
  return (pid ? CHIPS[`${vid}:${pid}`] : undefined) ?? CHIPS[`${vid}:*`] ?? null
}

/** A USB id in the form the table and the views use: four lowercase hex digits, else null. */
export function normalizeUsbId(id: string | null | undefined): string | null {
  return normalize(id)
}
