import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveMdnsOptions } from '../../../src/net/mdns/mdnsOptions'
import { parseAllowedNetworks } from '../../../src/net/webrtc/candidateFilter'
import {
  checkDiscoveryInterface,
  checkIceNetworks,
  describeIceNetworks,
  SAFE_DEFAULT_TEXT,
  type NetworkInterfaceView,
} from '../../../src/shared/config/networkSettings'

const INTERFACES: NetworkInterfaceView[] = [
  { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
  { name: 'lo', address: '::1', family: 'IPv6', internal: true },
  { name: 'eth0', address: '192.168.10.5', family: 'IPv4', internal: false },
  { name: 'v6only', address: 'fd00::5', family: 'IPv6', internal: false },
]

const message = (r: ReturnType<typeof checkIceNetworks>): string => (r.ok ? '' : r.message)

describe('checkIceNetworks', () => {
  it('accepts names, addresses and CIDRs, normalized', () => {
    expect(checkIceNetworks('loopback')).toEqual({ ok: true, value: 'loopback' })
    expect(checkIceNetworks(' Private,10.20.0.0/16  fd00::/8 ')).toEqual({
      ok: true,
      value: 'private, 10.20.0.0/16, fd00::/8',
    })
    expect(checkIceNetworks('192.168.1.7, ::ffff:10.0.0.1/128, all')).toMatchObject({ ok: true })
  })

  it('says why a CIDR is wrong', () => {
    expect(message(checkIceNetworks('10.0.0.0/33'))).toMatch(/prefix .* 0 to 32 for an IPv4/)
    expect(message(checkIceNetworks('fd00::/129'))).toMatch(/0 to 128 for an IPv6/)
    expect(message(checkIceNetworks('10.0.0.300/8'))).toMatch(/300 is not a number from 0 to 255/)
    expect(message(checkIceNetworks('10.0.0/8'))).toMatch(/four numbers/)
    expect(message(checkIceNetworks('10.0.0.0/8/1'))).toMatch(/one "\/"/)
    expect(message(checkIceNetworks('loopback, lan'))).toMatch(/^lan: not loopback, private/)
    expect(message(checkIceNetworks('fd00:::1'))).toMatch(/IPv6/)
    expect(message(checkIceNetworks(' , '))).toMatch(/at least one network/)
  })

  it('agrees with the candidate filter the core applies: accepted here, accepted there, and back', () => {
    const entry = fc.oneof(
      fc.constantFrom('loopback', 'private', 'link-local', 'all', 'lan', '', '::', '::1', 'fe80::1%eth0'),
      fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 5 }),
          fc.option(fc.integer({ min: 0, max: 140 })),
        )
        .map(([parts, prefix]) => `${parts.join('.')}${prefix === null ? '' : `/${prefix}`}`),
      fc
        .tuple(
          fc.array(fc.string({ unit: fc.constantFrom(...'0123456789abcdefg.'), maxLength: 5 }), {
            minLength: 2,
            maxLength: 9,
          }),
          fc.option(fc.integer({ min: 0, max: 140 })),
        )
        .map(([groups, prefix]) => `${groups.join(':')}${prefix === null ? '' : `/${prefix}`}`),
    )
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), (entries) => {
        const text = entries.join(', ')
        const here = checkIceNetworks(text).ok
        let there = true
        try {
          parseAllowedNetworks(text)
        } catch {
          there = false
        }
        expect({ text, here }).toEqual({ text, here: there })
      }),
      { numRuns: 2000 },
    )
  })

  it('explains the safe default in words', () => {
    expect(describeIceNetworks('loopback')).toBe(SAFE_DEFAULT_TEXT)
    expect(describeIceNetworks('private')).toMatch(/not the internet/)
    expect(describeIceNetworks('10.1.0.0/16')).toMatch(/10\.1\.0\.0\/16/)
  })
})

describe('checkDiscoveryInterface', () => {
  it('accepts all, an IPv4 address of this computer and an interface name with one', () => {
    expect(checkDiscoveryInterface('127.0.0.1', INTERFACES)).toEqual({ ok: true, value: '127.0.0.1' })
    expect(checkDiscoveryInterface(' lo ', INTERFACES)).toEqual({ ok: true, value: 'lo' })
    expect(checkDiscoveryInterface('ALL', INTERFACES)).toEqual({ ok: true, value: 'all' })
  })

  it('says why the others cannot be used, naming the addresses that can', () => {
    expect(checkDiscoveryInterface('10.9.9.9', INTERFACES)).toEqual({
      ok: false,
      message:
        '10.9.9.9 is not an address of this computer. Its IPv4 addresses: 127.0.0.1 (lo), 192.168.10.5 (eth0).',
    })
    expect(checkDiscoveryInterface('127.0.0.256', INTERFACES)).toMatchObject({ ok: false })
    expect(checkDiscoveryInterface('wlan9', INTERFACES)).toMatchObject({
      ok: false,
      message: expect.stringContaining('no interface named "wlan9"'),
    })
    expect(checkDiscoveryInterface('v6only', INTERFACES)).toMatchObject({
      ok: false,
      message: expect.stringContaining('no IPv4 address'),
    })
    expect(checkDiscoveryInterface('::1', INTERFACES)).toMatchObject({
      ok: false,
      message: expect.stringContaining('discovery uses IPv4'),
    })
    expect(checkDiscoveryInterface('', INTERFACES)).toMatchObject({ ok: false })
  })

  it('accepts only what the core can resolve to a socket', () => {
    const os = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    } as unknown as Parameters<typeof resolveMdnsOptions>[2]
    for (const value of ['127.0.0.1', 'lo', 'all'])
      expect(() => resolveMdnsOptions(value, {}, os)).not.toThrow()
  })
})
