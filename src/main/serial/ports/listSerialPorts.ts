import { SerialPort } from 'serialport'
import type { SerialPortView } from '../../../shared/api/serialViews'
import { readSysfsPorts } from './readSysfsPorts'
import { normalizeUsbId, usbChipName } from './usbChipNames'

/** What serialport's lister reports for one port (its PortInfo, as far as we use it). */
export interface ListedPort {
  path: string
  manufacturer?: string | undefined
  serialNumber?: string | undefined
  vendorId?: string | undefined
  productId?: string | undefined
}

export function portFromListed(p: ListedPort): SerialPortView {
  const vendorId = normalizeUsbId(p.vendorId)
  const productId = normalizeUsbId(p.productId)
  return {
    path: p.path,
    manufacturer: p.manufacturer?.trim() || null,
    vendorId,
    productId,
    serialNumber: p.serialNumber?.trim() || null,
    product: null,
    chip: usbChipName(vendorId, productId),
  }
}

/** serialport's Linux lister spawns `udevadm`; where it is not installed the spawn fails with ENOENT. */
export function isMissingUdevadm(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { code, path, syscall } = err as { code?: unknown; path?: unknown; syscall?: unknown }
  return code === 'ENOENT' && `${String(path)} ${String(syscall)}`.includes('udevadm')
}

export interface ListSerialPortsOptions {
  /** serialport's lister by default; tests pass one that fails as a system without udevadm does. */
  list?: () => Promise<ListedPort[]>
  sysRoot?: string
}

/** This computer's serial ports, sorted by path; falls back to sysfs where udevadm is missing. */
export async function listSerialPorts(options: ListSerialPortsOptions = {}): Promise<SerialPortView[]> {
  const list = options.list ?? (() => SerialPort.list())
  let ports: SerialPortView[]
  try {
    ports = (await list()).map(portFromListed)
  } catch (err) {
    if (process.platform !== 'linux' || !isMissingUdevadm(err)) throw err
    ports = await readSysfsPorts(options.sysRoot)
  }
  return ports.sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }))
}
