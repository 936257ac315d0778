import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  holdPeerConnectionFactory,
  releaseIdleFactory,
  sharedFactoryState,
} from '../../../src/net/webrtc/sharedFactory'
import { WrtcPeer } from '../../../src/net/webrtc/WrtcPeer'
import { eventually, nextEvent } from '../../support/eventually'

const threads = (): number =>
  Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])

/** A peer that gathers its offer (so libwebrtc really starts), then is destroyed; resolves once closed. */
async function peerLifetime(): Promise<void> {
  const peer = new WrtcPeer({ initiator: true })
  await nextEvent('offer', (listener) => peer.onSignal(listener))
  const closed = nextEvent('close', (listener) => peer.onClose(() => listener(undefined)))
  peer.destroy()
  await closed
}

describe('the shared peer connection factory', () => {
  it('peers one after another reuse one factory: no threads pile up before a GC', async () => {
    await peerLifetime()
    const before = threads()
    // Each of these would otherwise build a factory of its own (4 or more threads) and leave it
    // until the garbage collector finalized the closed connection.
    for (let i = 0; i < 10; i++) await peerLifetime()
    expect(threads()).toBeLessThanOrEqual(before + 2)
  })

  it('is held while a peer lives and let go after the linger once none does', async () => {
    const release = holdPeerConnectionFactory(50)
    expect(sharedFactoryState()).toMatchObject({ anchored: true })
    const holders = sharedFactoryState().holders
    const peer = new WrtcPeer({ initiator: true })
    expect(sharedFactoryState().holders).toBe(holders + 1)
    const closed = nextEvent('close', (listener) => peer.onClose(() => listener(undefined)))
    peer.destroy()
    await closed
    expect(sharedFactoryState().holders).toBe(holders)
    release()
    release() // a second call is harmless
    expect(sharedFactoryState().holders).toBe(holders - 1)
    // Ours was the last hold, so the linger is the 50 ms it asked for.
    await eventually('the anchor closes', () => (sharedFactoryState().anchored ? undefined : true))
    expect(sharedFactoryState()).toEqual({ holders: 0, anchored: false })
  })

  it('is let go at once by a stopping transport, but never while a peer holds it', () => {
    const first = holdPeerConnectionFactory(60_000)
    const second = holdPeerConnectionFactory(60_000)
    first()
    releaseIdleFactory()
    expect(sharedFactoryState()).toEqual({ holders: 1, anchored: true })
    second()
    expect(sharedFactoryState()).toEqual({ holders: 0, anchored: true })
    releaseIdleFactory()
    expect(sharedFactoryState()).toEqual({ holders: 0, anchored: false })
  })
})
