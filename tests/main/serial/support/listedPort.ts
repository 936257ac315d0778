import type { SerialPortView } from '../../../../src/shared/api/serialViews'

/** A port as the lister shows it, with only the USB ids a test cares about. */
export const listedPort = (
  path: string,
  usb: { vendorId?: string; productId?: string; serialNumber?: string } = {},
): SerialPortView => ({
  path,
  manufacturer: null,
  vendorId: usb.vendorId ?? null,
  productId: usb.productId ?? null,
  serialNumber: usb.serialNumber ?? null,
  product: null,
  chip: null,
})
