import type { NetworkInterfaceView } from '../../../shared/config/networkSettings'

// The choices the settings dialog offers, from the saved values and this computer's interfaces.

export interface DiscoveryOption {
  value: string
  label: string
  hint: string
}

/**
 * One choice per IPv4 address of this computer (loopback first: it is the safe default), then every
 * interface. A saved value that is none of these (an interface name) is shown as its own choice, so
 * opening the dialog never changes what is saved.
 */
export function discoveryOptions(
  interfaces: readonly NetworkInterfaceView[],
  saved: string,
): DiscoveryOption[] {
  const options: DiscoveryOption[] = interfaces
    .filter((i) => i.family === 'IPv4')
    .map((i) => ({
      value: i.address,
      label: `${i.address} · ${i.name}`,
      hint: i.internal
        ? 'This computer only: finds robots simulated here, nothing on the LAN.'
        : `The network on ${i.name}: finds robots on that LAN.`,
    }))
  options.push({
    value: 'all',
    label: 'Every interface',
    hint: 'Asks on every network this computer is on, VPNs and docker bridges too.',
  })
  if (saved !== '' && !options.some((o) => o.value === saved))
    options.unshift({
      value: saved,
      label: saved,
      hint: 'As saved: an interface by name (its IPv4 address is looked up when discovery starts).',
    })
  return options
}

export type IcePreset = 'loopback' | 'private' | 'all' | 'custom'

export const ICE_PRESETS: ReadonlyArray<{ value: IcePreset; label: string }> = [
  { value: 'loopback', label: 'This computer only (loopback)' },
  { value: 'private', label: 'Private networks (LAN)' },
  { value: 'custom', label: 'Networks I list' },
  { value: 'all', label: 'Every network' },
]

/** Which preset a saved value is (anything but the three names is a custom list). */
export function icePresetOf(value: string): IcePreset {
  const v = value.trim().toLowerCase()
  return v === 'loopback' || v === 'private' || v === 'all' ? v : 'custom'
}
