import { describe, expect, it } from 'vitest'
import { decodeTxt, encodeTxt, instanceName } from '../../../src/net/mdns/fleetdeskService'
import { resolveMdnsOptions } from '../../../src/net/mdns/mdnsOptions'

describe('fleetdesk service records', () => {
  const identity = { partId: 'p-123', machineName: 'arm', protocolVersion: 3 }
  it('round-trips the TXT record and refuses what is not an agent', () => {
    expect(encodeTxt(identity)).toEqual({ v: '3', part: 'p-123', name: 'arm' })
    expect(decodeTxt(encodeTxt(identity))).toEqual(identity)
    expect(decodeTxt({ v: '1', name: 'x' })).toBeNull()
    expect(decodeTxt({ v: 'one', part: 'p' })).toBeNull()
    expect(decodeTxt({ v: '1', part: 'p' })).toEqual({ partId: 'p', machineName: '', protocolVersion: 1 })
    expect(decodeTxt(undefined)).toBeNull()
  })
  it('makes instance names unique by part id, at most 63 bytes, never cutting a character', () => {
    expect(instanceName(identity)).toBe('arm [p-123]')
    expect(instanceName({ ...identity, machineName: 'a.b.c' })).toBe('a-b-c [p-123]')
    const long = instanceName({ ...identity, machineName: '🤖'.repeat(40) })
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^(🤖)+ \[p-123\]$/u)
  })
})

describe('resolveMdnsOptions', () => {
  it('defaults to loopback; the environment wins over the setting; all means every interface', () => {
    expect(resolveMdnsOptions(undefined, {})).toEqual({ interface: '127.0.0.1', bind: '0.0.0.0' })
    expect(resolveMdnsOptions('192.168.10.5', {})).toEqual({ interface: '192.168.10.5', bind: '0.0.0.0' })
    expect(resolveMdnsOptions('192.168.10.5', { FLEETDESK_MDNS_INTERFACE: '127.0.0.1' }).interface).toBe(
      '127.0.0.1',
    )
    expect(resolveMdnsOptions('all', {})).toEqual({ bind: '0.0.0.0' })
    const lo = {
      lo: [
        {
          address: '127.0.0.1',
          family: 'IPv4' as const,
          netmask: '255.0.0.0',
          mac: '00:00:00:00:00:00',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
    }
    expect(resolveMdnsOptions('lo', {}, lo)).toEqual({ interface: '127.0.0.1', bind: '0.0.0.0' })
    expect(() => resolveMdnsOptions('wlan9', {}, lo)).toThrow(/"wlan9" is neither an IPv4 address/)
  })
})
