import type { SerialPortView } from '../../../shared/api/serialViews'
import { describeDevice, deviceIdentity, type SerialDeviceIdentity } from './findReturningPort'

/** Whether the first connect to a remembered path may open the port, and why not. */
export type RememberedDeviceCheck =
  | { ok: true }
  | {
      ok: false
      /** The device listed at the path now (to offer "use this device from now on"). */
      found: SerialDeviceIdentity
      /** Both devices named, in a technician's words. */
      message: string
    }

const hasUsbIdentity = (d: SerialDeviceIdentity): boolean =>
  d.vendorId !== null || d.productId !== null || d.serialNumber !== null

/**
 * Checks the device listed at the remembered path before the port opens. Pure.
 *
 * Only a different USB device at the path is refused: a remembered serial number must match, else
 * the vendor and product must. A remembered port with no USB identity (a pty, a built-in UART)
 * refuses only a USB device now listed there. A path not listed at all is left to the open, which
 * says clearly that nothing is there.
 */
export function checkRememberedDevice(
  remembered: SerialDeviceIdentity,
  ports: readonly SerialPortView[],
): RememberedDeviceCheck {
  if (!ports.some((p) => p.path === remembered.path)) return { ok: true }
  const found = deviceIdentity(remembered.path, ports)
  if (sameDevice(remembered, found)) return { ok: true }
  return {
    ok: false,
    found,
    message:
      `${remembered.path} is now ${describeFound(found)}, not ${describeDevice(remembered)} ` +
      'remembered for it. Plug in that device, or use this device from now on if the adapter was replaced.',
  }
}

function sameDevice(remembered: SerialDeviceIdentity, found: SerialDeviceIdentity): boolean {
  if (!hasUsbIdentity(remembered)) return !hasUsbIdentity(found)
  if (remembered.serialNumber !== null && found.serialNumber !== remembered.serialNumber) return false
  return found.vendorId === remembered.vendorId && found.productId === remembered.productId
}

function describeFound(found: SerialDeviceIdentity): string {
  const ids = `${found.vendorId ?? '????'}:${found.productId ?? '????'}`
  return found.serialNumber !== null
    ? `the USB device ${ids} with serial number ${found.serialNumber}`
    : `the USB device ${ids}`
}
