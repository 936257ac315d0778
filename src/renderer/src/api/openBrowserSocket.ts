import type { SocketClose, SocketHandlers, SocketLike } from './createWebSocketCarrier'

/**
 * Adapts the browser's WebSocket to SocketLike. The close event carries the server's close code
 * (a token refusal, a message too big), so the carrier hears of the end from it; an `error` event
 * is always followed by `close` in browsers, and only stands in for it if that ever failed to come.
 */
export function openBrowserSocket(url: string, handlers: SocketHandlers): SocketLike {
  const ws = new WebSocket(url)
  let closed = false
  const close = (info?: SocketClose): void => {
    if (closed) return
    closed = true
    handlers.onClose(info)
  }
  ws.addEventListener('open', () => handlers.onOpen())
  ws.addEventListener('message', (ev: MessageEvent) => handlers.onMessage(ev.data))
  ws.addEventListener('close', (ev: CloseEvent) => close({ code: ev.code, reason: ev.reason }))
  ws.addEventListener('error', () => setTimeout(() => close(), 2000))
  return {
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send: (data) => ws.send(data),
    close: () => ws.close(),
  }
}
