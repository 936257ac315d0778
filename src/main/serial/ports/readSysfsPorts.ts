import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { SerialPortView } from '../../../shared/api/serialViews'
import { normalizeUsbId, usbChipName } from './usbChipNames'

/** The tty names serialport's own Linux lister keeps (so both ways list the same ports). */
const SERIAL_TTY = /^(tty(S|WCH|ACM|USB|AMA|MFD|O|XRUSB)\d+|rfcomm\d+)$/

export function isSerialTtyName(name: string): boolean {
  return SERIAL_TTY.test(name)
}

/** What a USB device directory in sysfs says about itself (each file's first line, trimmed). */
export interface UsbAttributes {
  idVendor?: string
  idProduct?: string
  manufacturer?: string
  product?: string
  serial?: string
}

/** A port from its tty name and the USB device above it (none: a built-in UART or a pty). */
export function portFromSysfs(name: string, usb: UsbAttributes | null): SerialPortView {
  const vendorId = normalizeUsbId(usb?.idVendor)
  const productId = normalizeUsbId(usb?.idProduct)
  return {
    path: `/dev/${name}`,
    manufacturer: clean(usb?.manufacturer),
    vendorId,
    productId,
    serialNumber: clean(usb?.serial),
    product: clean(usb?.product),
    chip: usbChipName(vendorId, productId),
  }
}

function clean(value: string | undefined): string | null {
  const text = value?.split('\n', 1)[0]?.trim()
  return text ? text : null
}

async function readAttr(dir: string, file: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, file), 'utf8')).trim()
  } catch {
    return undefined
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * The USB device a tty hangs under: the nearest directory above its `device` that has an
 * `idVendor` file (for ttyACM the interface is one level below it, for ttyUSB two). Stops at the
 * sysfs root so a tree that is not USB ends quickly.
 */
async function usbAttributesAbove(deviceDir: string, sysRoot: string): Promise<UsbAttributes | null> {
  let dir = deviceDir
  for (let depth = 0; depth < 8 && dir.startsWith(sysRoot) && dir !== sysRoot; depth++) {
    if (await isFile(join(dir, 'idVendor'))) {
      const [idVendor, idProduct, manufacturer, product, serial] = await Promise.all(
        ['idVendor', 'idProduct', 'manufacturer', 'product', 'serial'].map((f) => readAttr(dir, f)),
      )
      return { idVendor, idProduct, manufacturer, product, serial }
    }
    dir = dirname(dir)
  }
  return null
}

/**
 * Lists serial ports from sysfs (`<sysRoot>/class/tty/<name>/device`), for systems without
 * `udevadm` (containers, minimal images). A tty without a `device` link is virtual and skipped.
 */
export async function readSysfsPorts(sysRoot = '/sys'): Promise<SerialPortView[]> {
  const root = await realpath(sysRoot)
  const classDir = join(root, 'class', 'tty')
  let names: string[]
  try {
    names = await readdir(classDir)
  } catch {
    return []
  }
  const ports: SerialPortView[] = []
  for (const name of names.filter(isSerialTtyName).sort()) {
    let deviceDir: string
    try {
      deviceDir = await realpath(join(classDir, name, 'device'))
    } catch {
      continue
    }
    ports.push(portFromSysfs(name, await usbAttributesAbove(deviceDir, root)))
  }
  return ports
}
