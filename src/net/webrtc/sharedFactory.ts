import wrtc from '@roamhq/wrtc'

/**
 * Keeps wrtc's peer connection factory alive while sessions come and go.
 *
 * wrtc shares one libwebrtc PeerConnectionFactory (with its signaling, worker and network threads,
 * an audio device thread and their event descriptors) among the peer connections that are open, and
 * drops it when the last one closes; the next connection then builds a new factory. The old one is
 * freed only when the garbage collector finalizes the closed connections that still reference it,
 * which in a process with a small JS heap can take hundreds of sessions (node-webrtc issue #614).
 * Measured: sequential sessions, each closed before the next, left 4 threads and 8 descriptors per
 * session until a GC (an agent went from 12 to 116 threads and 28 to 234 descriptors in 400).
 *
 * So while any peer is alive, and for a short linger after the last one closes (a reconnect or the
 * next session usually follows within milliseconds), one idle connection that never negotiates is
 * kept open as an anchor: every peer then shares its factory. After the linger the anchor is closed,
 * so an idle process holds no WebRTC threads and can exit by itself (an open connection keeps
 * Node's event loop alive).
 */
export const FACTORY_LINGER_MS = 2000

interface Anchor {
  close(): void
}

let anchor: Anchor | null = null
let holders = 0
let lingerTimer: NodeJS.Timeout | undefined

/** Holds the shared factory for one peer; call the returned function once that peer has closed. */
export function holdPeerConnectionFactory(lingerMs = FACTORY_LINGER_MS): () => void {
  holders += 1
  clearTimeout(lingerTimer)
  lingerTimer = undefined
  anchor ??= new wrtc.RTCPeerConnection()
  let released = false
  return () => {
    if (released) return
    released = true
    holders -= 1
    if (holders > 0) return
    lingerTimer = setTimeout(closeAnchor, lingerMs)
    // The open anchor keeps the process alive until then; the timer itself need not.
    lingerTimer.unref()
  }
}

/**
 * Closes the anchor now if no peer holds it, instead of after the linger: for a transport that is
 * stopping, so that its process can exit at once.
 */
export function releaseIdleFactory(): void {
  clearTimeout(lingerTimer)
  closeAnchor()
}

/** How many peers hold the factory now, and whether the anchor is open (for tests). */
export function sharedFactoryState(): { holders: number; anchored: boolean } {
  return { holders, anchored: anchor !== null }
}

function closeAnchor(): void {
  lingerTimer = undefined
  if (holders > 0 || !anchor) return
  const closing = anchor
  anchor = null
  closing.close()
}
