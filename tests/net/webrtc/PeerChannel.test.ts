import { describe, expect, it } from 'vitest'
import { createPeerChannel } from '../../../src/net/webrtc/PeerChannel'
import type { WrtcPeer } from '../../../src/net/webrtc/WrtcPeer'

/** Just enough of a WrtcPeer to feed frames in by hand and see what is written. */
function fakePeer(): {
  peer: WrtcPeer
  receive(frame: string): void
  written: string[]
  destroyed: () => boolean
} {
  const data = new Set<(frame: string) => void>()
  const closes = new Set<() => void>()
  const written: string[] = []
  let destroyed = false
  const peer = {
    isClosed: false,
    onData: (l: (f: string) => void) => (data.add(l), () => data.delete(l)),
    onError: () => () => undefined,
    onConnectionState: () => () => undefined,
    onClose: (l: () => void) => (closes.add(l), () => closes.delete(l)),
    write: (m: string) => written.push(m),
    destroy: () => {
      destroyed = true
      for (const l of closes) l()
    },
    stats: async () => ({}),
  }
  return {
    peer: peer as unknown as WrtcPeer,
    receive: (f) => data.forEach((l) => l(f)),
    written,
    destroyed: () => destroyed,
  }
}

describe('PeerChannel framing', () => {
  it('numbers frames and splits long messages into parts', () => {
    const { peer, written } = fakePeer()
    const channel = createPeerChannel(peer)
    channel.send('a')
    channel.send('x'.repeat(20_000))
    expect(written.map((f) => f.slice(0, f.indexOf(' ') + 1))).toEqual(['=0 ', '+1 ', '=2 '])
  })

  it('delivers messages in send order even when frames arrive swapped', async () => {
    const { peer, receive } = fakePeer()
    const channel = createPeerChannel(peer)
    const got: string[] = []
    channel.onMessage((m) => got.push(m))
    receive('=1 stop')
    receive('+2 par')
    receive('=0 setPower')
    receive('=3 t')
    await Promise.resolve()
    expect(got).toEqual(['setPower', 'stop', 'part'])
  })

  it('ends the session on a repeated frame or an unframed message', () => {
    const a = fakePeer()
    const channelA = createPeerChannel(a.peer)
    const reasons: string[] = []
    channelA.onClose((r) => reasons.push(r))
    a.receive('=0 one')
    a.receive('=0 one again')
    expect(a.destroyed()).toBe(true)
    expect(reasons[0]).toContain('received twice')

    const b = fakePeer()
    createPeerChannel(b.peer)
    b.receive('hello')
    expect(b.destroyed()).toBe(true)
  })
})
