import type { Page, WebSocketRoute } from '@playwright/test'

type Json = unknown

/**
 * Sits on browser mode's core socket (`/api?token=…`) between the page and the real core, to play a
 * core or a robot that answers oddly: a reply changed on its way to the page, a call answered here,
 * an event pushed as if the core had sent it. Everything else passes through untouched.
 * Install before the page loads.
 */
export interface CoreSocketTap {
  /** Replaces what the core answers to `method` (the value of an `{ok: true}` reply). */
  changeReplies(method: string, change: ((value: Json) => Json) | null): void
  /**
   * Answers calls of `method` here instead of asking the core, with what `value` returns for their
   * params; `undefined` lets that call through to the core. null stops answering.
   */
  answer(method: string, value: ((params: Json) => Json) | null): void
  /** Pushes an event to the page as the core would. */
  emit(event: string, payload: Json): void
}

interface Request {
  id: number
  method: string
  params: Json
}

export async function tapCoreSocket(page: Page): Promise<CoreSocketTap> {
  const changes = new Map<string, (value: Json) => Json>()
  const answers = new Map<string, (params: Json) => Json>()
  const sockets = new Set<WebSocketRoute>()

  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    const server = ws.connectToServer()
    const methodOf = new Map<number, string>()
    sockets.add(ws)
    ws.onClose(() => {
      sockets.delete(ws)
      void server.close()
    })
    server.onClose(() => void ws.close())
    ws.onMessage((message) => {
      const request = parse(message) as Request | null
      const answer = request && answers.get(request.method)
      const value = request && answer ? answer(request.params) : undefined
      if (request && value !== undefined) {
        ws.send(JSON.stringify({ kind: 'reply', id: request.id, reply: { ok: true, value } }))
        return
      }
      if (request) methodOf.set(request.id, request.method)
      server.send(message)
    })
    server.onMessage((message) => {
      const msg = parse(message) as {
        kind?: string
        id?: number
        reply?: { ok: boolean; value?: Json }
      } | null
      if (msg?.kind === 'reply' && typeof msg.id === 'number') {
        const method = methodOf.get(msg.id)
        methodOf.delete(msg.id)
        const change = method ? changes.get(method) : undefined
        if (change && msg.reply?.ok) {
          ws.send(JSON.stringify({ ...msg, reply: { ok: true, value: change(msg.reply.value) } }))
          return
        }
      }
      ws.send(message)
    })
  })

  return {
    changeReplies: (method, change) => (change ? changes.set(method, change) : changes.delete(method)),
    answer: (method, value) => (value ? answers.set(method, value) : answers.delete(method)),
    emit: (event, payload) => {
      for (const ws of sockets) ws.send(JSON.stringify({ kind: 'event', event, payload }))
    },
  }
}

function parse(message: string | Buffer): Json {
  try {
    return JSON.parse(typeof message === 'string' ? message : message.toString('utf8')) as Json
  } catch {
    return null
  }
}
