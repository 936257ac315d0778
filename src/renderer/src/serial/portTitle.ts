import type { SerialPortView } from '../../../shared/api/serialViews'

/** What a row calls a port: the chip or board if known, else what the device says it is. */
export function portTitle(port: SerialPortView): string {
  return (
    port.chip ?? port.product ?? port.manufacturer ?? (port.vendorId ? 'USB serial device' : 'Serial port')
  )
}

/** The facts that tell two similar devices apart: USB ids, serial number, maker. */
export function portFacts(port: SerialPortView): string[] {
  const facts: string[] = []
  if (port.vendorId && port.productId) facts.push(`${port.vendorId}:${port.productId}`)
  if (port.serialNumber) facts.push(`SN ${port.serialNumber}`)
  if (port.manufacturer && port.manufacturer !== port.chip) facts.push(port.manufacturer)
  if (port.product && port.product !== port.chip && port.product !== port.manufacturer)
    facts.push(port.product)
  return facts
}
