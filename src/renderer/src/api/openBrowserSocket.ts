import type { SocketHandlers, SocketLike } from './createWebSocketCarrier'

/** Adapts the browser's WebSocket to SocketLike. */
export function openBrowserSocket(url: string, handlers: SocketHandlers): SocketLike {
  const ws = new WebSocket(url)
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    handlers.onClose()
  }
  ws.addEventListener('open', () => handlers.onOpen())
  ws.addEventListener('message', (ev: MessageEvent) => handlers.onMessage(ev.data))
  ws.addEventListener('close', close)
  ws.addEventListener('error', close)
  return {
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send: (data) => ws.send(data),
    close: () => ws.close(),
  }
}
