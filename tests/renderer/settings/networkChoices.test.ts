import { describe, expect, it } from 'vitest'
import type { NetworkInterfaceView } from '../../../src/shared/config/networkSettings'
import { discoveryOptions, icePresetOf } from '../../../src/renderer/src/settings/networkChoices'
import { isSettingsShortcut } from '../../../src/renderer/src/settings/settingsShortcut'

const INTERFACES: NetworkInterfaceView[] = [
  { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
  { name: 'lo', address: '::1', family: 'IPv6', internal: true },
  { name: 'eth0', address: '192.168.10.5', family: 'IPv4', internal: false },
]

describe('settings choices', () => {
  it('offers each IPv4 address and every interface; loopback says it reaches this computer only', () => {
    const options = discoveryOptions(INTERFACES, '127.0.0.1')
    expect(options.map((o) => o.value)).toEqual(['127.0.0.1', '192.168.10.5', 'all'])
    expect(options[0]?.hint).toMatch(/This computer only/)
    expect(options[1]?.label).toBe('192.168.10.5 · eth0')
  })

  it('keeps a saved interface name as a choice of its own, so opening the dialog changes nothing', () => {
    expect(discoveryOptions(INTERFACES, 'lo')[0]).toMatchObject({ value: 'lo', label: 'lo' })
    expect(discoveryOptions(INTERFACES, 'all').filter((o) => o.value === 'all')).toHaveLength(1)
  })

  it('tells the WebRTC presets from a list', () => {
    expect(icePresetOf('loopback')).toBe('loopback')
    expect(icePresetOf(' Private ')).toBe('private')
    expect(icePresetOf('all')).toBe('all')
    expect(icePresetOf('loopback, 10.0.0.0/8')).toBe('custom')
  })

  it('opens on Ctrl+, or Cmd+, only', () => {
    const key = { key: ',', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }
    expect(isSettingsShortcut({ ...key, ctrlKey: true })).toBe(true)
    expect(isSettingsShortcut({ ...key, metaKey: true })).toBe(true)
    expect(isSettingsShortcut(key)).toBe(false)
    expect(isSettingsShortcut({ ...key, ctrlKey: true, shiftKey: true })).toBe(false)
  })
})
