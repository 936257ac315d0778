import { describe, expect, it } from 'vitest'
import {
  filterSdpCandidates,
  isAddressAllowed,
  parseAddress,
  parseAllowedNetworks,
} from '../../../src/net/webrtc/candidateFilter'

// An offer as @roamhq/wrtc gathers it with trickle off (addresses from the documentation ranges).
const OFFER = [
  'v=0',
  'o=- 1475342671228012071 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS',
  'm=application 53059 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 192.0.2.2',
  'a=candidate:3077952869 1 udp 2122265343 fd00::2 54110 typ host generation 0 network-id 2',
  'a=candidate:3229573512 1 udp 2122194687 192.0.2.2 53059 typ host generation 0 network-id 1',
  'a=candidate:559267639 1 udp 2122136831 ::1 50572 typ host generation 0 network-id 4',
  'a=candidate:1510613869 1 udp 2122063615 127.0.0.1 33536 typ host generation 0 network-id 3',
  'a=candidate:4193659285 1 tcp 1518285567 fd00::2 42523 typ host tcptype passive generation 0 network-id 2',
  'a=candidate:2398920056 1 tcp 1518214911 192.0.2.2 46445 typ host tcptype passive generation 0 network-id 1',
  'a=candidate:1876313031 1 tcp 1518157055 ::1 44663 typ host tcptype passive generation 0 network-id 4',
  'a=candidate:344579997 1 tcp 1518083839 127.0.0.1 60929 typ host tcptype passive generation 0 network-id 3',
  'a=candidate:842163049 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.10.20 rport 53059 generation 0',
  'a=candidate:99 1 udp 2122129151 192.168.10.20 40001 typ host generation 0 network-id 5',
  'a=candidate:100 1 udp 2122129150 5f2c9d3e-1111-2222-3333-444455556666.local 40002 typ host generation 0',
  'a=ice-ufrag:1iyo',
  'a=ice-pwd:w1p3SQFRku/cWTINTPzjz9MY',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n')

const candidates = (sdp: string): string[] =>
  sdp
    .split('\r\n')
    .filter((l) => l.startsWith('a=candidate:'))
    .map((l) => l.split(' ')[4] ?? '')

describe('parseAllowedNetworks', () => {
  it('understands names, CIDRs, single addresses and lists', () => {
    expect(parseAllowedNetworks('loopback').ranges).toHaveLength(2)
    expect(parseAllowedNetworks('all').all).toBe(true)
    expect(parseAllowedNetworks('192.168.10.0/24, loopback').ranges).toHaveLength(3)
    expect(parseAllowedNetworks('10.1.2.3 fd00::/8').ranges.map((r) => r.prefix)).toEqual([32, 8])
  })

  it('refuses what it does not understand, naming the entry', () => {
    expect(() => parseAllowedNetworks('')).toThrow(/empty/)
    expect(() => parseAllowedNetworks('lan')).toThrow(/"lan"/)
    expect(() => parseAllowedNetworks('192.168.10.0/33')).toThrow(/192.168.10.0\/33/)
    expect(() => parseAllowedNetworks('300.1.1.1')).toThrow()
    expect(() => parseAllowedNetworks('1.2.3.4/8/9')).toThrow()
  })
})

describe('isAddressAllowed', () => {
  const loopback = parseAllowedNetworks('loopback')
  it('checks IPv4 and IPv6 by prefix', () => {
    expect(isAddressAllowed('127.0.0.1', loopback)).toBe(true)
    expect(isAddressAllowed('127.255.3.4', loopback)).toBe(true)
    expect(isAddressAllowed('::1', loopback)).toBe(true)
    expect(isAddressAllowed('128.0.0.1', loopback)).toBe(false)
    expect(isAddressAllowed('::2', loopback)).toBe(false)
    const lan = parseAllowedNetworks('192.168.10.0/24')
    expect(isAddressAllowed('192.168.10.254', lan)).toBe(true)
    expect(isAddressAllowed('192.168.11.1', lan)).toBe(false)
    expect(isAddressAllowed('::ffff:192.168.10.1', lan)).toBe(false) // families are not mixed
    expect(isAddressAllowed('fe80::1%eth0', parseAllowedNetworks('link-local'))).toBe(true)
    expect(isAddressAllowed('0.0.0.0', parseAllowedNetworks('0.0.0.0/0'))).toBe(true)
  })
  it('never allows a hostname unless everything is allowed', () => {
    expect(isAddressAllowed('abc.local', loopback)).toBe(false)
    expect(isAddressAllowed('abc.local', parseAllowedNetworks('all'))).toBe(true)
  })
  it('parses IPv6 forms', () => {
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n })
    expect(parseAddress('1::')?.value).toBe(1n << 112n)
    expect(parseAddress('::ffff:1.2.3.4')?.value).toBe((0xffffn << 32n) | 0x01020304n)
    expect(parseAddress('1:2:3:4:5:6:7:8')?.value).toBe(0x00010002000300040005000600070008n)
    expect(parseAddress('1:2:3:4:5:6:7:8:9')).toBeNull()
    expect(parseAddress('1::2::3')).toBeNull()
    expect(parseAddress('1:2:3:4:5:6:7::8')).toBeNull()
    expect(parseAddress('[::1]')?.value).toBe(1n)
  })
})

describe('filterSdpCandidates', () => {
  it('keeps only loopback candidates and moves the default address onto one of them', () => {
    const out = filterSdpCandidates(OFFER, parseAllowedNetworks('loopback'))
    expect(candidates(out)).toEqual(['::1', '127.0.0.1', '::1', '127.0.0.1'])
    // The highest-priority kept candidate (UDP ::1) becomes the default; 192.0.2.2 is nowhere.
    expect(out).toContain('\r\nm=application 50572 UDP/DTLS/SCTP webrtc-datachannel\r\n')
    expect(out).toContain('\r\nc=IN IP6 ::1\r\n')
    expect(out).not.toContain('192.0.2.2')
    expect(out.endsWith('\r\n')).toBe(true)
    // Everything that is not a candidate is untouched.
    expect(out).toContain('a=ice-pwd:w1p3SQFRku/cWTINTPzjz9MY\r\na=setup:actpass')
  })

  it('filters by a LAN range, and checks a server-reflexive candidate by its public address', () => {
    const out = filterSdpCandidates(OFFER, parseAllowedNetworks('192.168.10.0/24'))
    expect(candidates(out)).toEqual(['192.168.10.20'])
    expect(out).toContain('c=IN IP4 192.168.10.20')
    expect(out).toContain('m=application 40001 ')
    expect(candidates(filterSdpCandidates(OFFER, parseAllowedNetworks('203.0.113.0/24')))).toEqual([
      '203.0.113.7',
    ])
  })

  it('leaves a default address that is allowed as it is', () => {
    const out = filterSdpCandidates(OFFER, parseAllowedNetworks('192.0.2.0/24 loopback'))
    expect(out).toContain('m=application 53059 ')
    expect(out).toContain('c=IN IP4 192.0.2.2')
    expect(candidates(out)).toHaveLength(6)
  })

  it('uses the placeholder address when nothing is left', () => {
    const out = filterSdpCandidates(OFFER, parseAllowedNetworks('10.0.0.0/8'))
    expect(candidates(out)).toEqual([])
    expect(out).toContain('m=application 9 UDP/DTLS/SCTP')
    expect(out).toContain('c=IN IP4 0.0.0.0')
  })

  it('returns the SDP unchanged for all, and keeps \\n line endings', () => {
    expect(filterSdpCandidates(OFFER, parseAllowedNetworks('all'))).toBe(OFFER)
    const lf = OFFER.replace(/\r\n/g, '\n')
    const out = filterSdpCandidates(lf, parseAllowedNetworks('127.0.0.0/8'))
    expect(out).not.toContain('\r')
    expect(out.split('\n').filter((l) => l.startsWith('a=candidate:'))).toHaveLength(2)
    expect(out).toContain('c=IN IP4 127.0.0.1')
    expect(out).toContain('m=application 33536 ')
  })

  it('handles each media section on its own', () => {
    const two = [
      'v=0',
      'm=audio 1000 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 192.0.2.2',
      'a=rtcp:1001 IN IP4 192.0.2.2',
      'a=candidate:1 1 udp 100 192.0.2.2 1000 typ host',
      'a=candidate:2 1 udp 90 127.0.0.1 2000 typ host',
      'm=application 3000 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 127.0.0.1',
      'a=candidate:3 1 udp 100 127.0.0.1 3000 typ host',
      '',
    ].join('\r\n')
    const out = filterSdpCandidates(two, parseAllowedNetworks('loopback'))
    expect(out.split('\r\n')).toEqual([
      'v=0',
      'm=audio 2000 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 127.0.0.1',
      'a=rtcp:9 IN IP4 0.0.0.0',
      'a=candidate:2 1 udp 90 127.0.0.1 2000 typ host',
      'm=application 3000 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 127.0.0.1',
      'a=candidate:3 1 udp 100 127.0.0.1 3000 typ host',
      '',
    ])
  })
})
