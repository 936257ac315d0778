/**
 * An ordered, reliable channel of text messages between the desktop and an agent: a WebRTC data
 * channel, a serial link (COBS frames), or an in-memory pair in tests. The robot protocol (JSON-RPC
 * 2.0) runs over any of them and knows nothing of the transport.
 */
export interface MessageChannel {
  /** Sends one message; throws if the channel is closed. */
  send(message: string): void
  /** Subscribes to incoming messages; returns the unsubscribe. */
  onMessage(listener: (message: string) => void): () => void
  /** Called once when the channel closes, from either side or by failure (with the reason). */
  onClose(listener: (reason: string) => void): () => void
  close(reason?: string): void
  readonly isOpen: boolean
}

/**
 * Where a transport hands each channel it accepted (a WebRTC peer connected, a serial port opened,
 * an in-memory pair made in a test): the agent serves one robot-protocol session on it. It is all a
 * transport needs of the agent, so transports depend on this and not on the agent's runtime.
 */
export interface SessionSink {
  attachSession(channel: MessageChannel): void
}

/** Two connected in-memory channels, delivering asynchronously like a real transport. */
export function createChannelPair(): [MessageChannel, MessageChannel] {
  type End = { messages: Set<(m: string) => void>; closes: Set<(r: string) => void>; open: boolean }
  const a: End = { messages: new Set(), closes: new Set(), open: true }
  const b: End = { messages: new Set(), closes: new Set(), open: true }
  const closeBoth = (reason: string): void => {
    for (const end of [a, b]) {
      if (!end.open) continue
      end.open = false
      for (const l of end.closes) queueMicrotask(() => l(reason))
    }
  }
  const make = (self: End, peer: End): MessageChannel => ({
    send(message) {
      if (!self.open) throw new Error('channel closed')
      queueMicrotask(() => {
        if (peer.open) for (const l of peer.messages) l(message)
      })
    },
    onMessage(listener) {
      self.messages.add(listener)
      return () => self.messages.delete(listener)
    },
    onClose(listener) {
      self.closes.add(listener)
      return () => self.closes.delete(listener)
    },
    close(reason = 'closed') {
      closeBoth(reason)
    },
    get isOpen() {
      return self.open
    },
  })
  return [make(a, b), make(b, a)]
}
