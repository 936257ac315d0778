import type { SerialPortView } from '../../../shared/api/serialViews'

/** What tells one serial device from another, as it was listed when a session first opened it. */
export interface SerialDeviceIdentity {
  /** Where it was opened. */
  path: string
  /** USB vendor and product id (null for a port that is not USB, or not listed: a pty, a built-in UART). */
  vendorId: string | null
  productId: string | null
  /** The USB serial number, when the device has one (many cheap adapters do not). */
  serialNumber: string | null
}

/** The identity of the device at `path` in a listing; a path not listed (a pty, opened by path) has only its path. */
export function deviceIdentity(path: string, ports: readonly SerialPortView[]): SerialDeviceIdentity {
  const listed = ports.find((p) => p.path === path)
  return {
    path,
    vendorId: listed?.vendorId ?? null,
    productId: listed?.productId ?? null,
    serialNumber: listed?.serialNumber ?? null,
  }
}

const sameUsbIds = (p: SerialPortView, lost: SerialDeviceIdentity): boolean =>
  p.vendorId === lost.vendorId && p.productId === lost.productId

/**
 * Where a lost device is back, or null while it is not: the path to reopen. Pure.
 *
 * - A device with a USB serial number is that number (with its vendor and product), wherever the
 *   OS put it this time. Two listed with the same number (clone chips share one) are told apart only
 *   by the old path; otherwise nothing is chosen, rather than the wrong robot.
 * - Without a serial number, vendor and product say only the kind of adapter: two alike are
 *   indistinguishable, so only the same path with the same vendor and product counts.
 * - A port with no USB identity (a pty, a built-in UART, one opened by path and never listed) is its
 *   path, unless a USB device (another device) is listed there now.
 */
export function findReturningPort(
  lost: SerialDeviceIdentity,
  ports: readonly SerialPortView[],
): string | null {
  if (lost.serialNumber !== null) {
    const matches = ports.filter(
      (p) => p.serialNumber === lost.serialNumber && (lost.vendorId === null || sameUsbIds(p, lost)),
    )
    if (matches.length === 1) return matches[0]!.path
    return matches.some((p) => p.path === lost.path) ? lost.path : null
  }
  const atPath = ports.find((p) => p.path === lost.path)
  if (lost.vendorId !== null || lost.productId !== null) {
    return atPath && atPath.serialNumber === null && sameUsbIds(atPath, lost) ? lost.path : null
  }
  return atPath?.vendorId ? null : lost.path
}

/** How a session names the device it waits for, in a technician's words. */
export function describeDevice(device: SerialDeviceIdentity): string {
  if (device.serialNumber !== null) return `the device with serial number ${device.serialNumber}`
  if (device.vendorId !== null)
    return `the USB device ${device.vendorId}:${device.productId ?? '????'} at ${device.path}`
  return `the device at ${device.path}`
}
