import type { FastifyInstance } from 'fastify'
import type { ServerResponse } from 'node:http'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { grantPaths } from '../access/loadResourceRef'
import { actorOf } from '../auth/authenticate'
import type { Queryable } from '../db/Db'
import type { HubContext } from './HubContext'
import { changeRowOf, type DbChangeRef } from '../sync/changeRowOf'
import { feedDecision } from '../sync/feedVisibility'
import { sharesWithCaller } from '../sync/sharesWithCaller'
import { lossesToExpand } from '../sync/accessLoss'
import { expandAccessLoss } from '../sync/expandAccessLoss'
import { acquireNudger } from '../sync/Nudger'
import { EventStreamReply, FeedPageSchema } from './replySchemas'

export const DEFAULT_FEED_LIMIT = 500
export const MAX_FEED_LIMIT = 5000
/** SSE comment lines keep proxies from closing an idle stream and let clients notice a dead one. */
export const HEARTBEAT_MS = 15_000

const FeedQuery = z
  .object({
    cursor: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_FEED_LIMIT).default(DEFAULT_FEED_LIMIT),
  })
  .strict()

const StreamQuery = z
  .object({ heartbeatMs: z.coerce.number().int().min(100).max(60_000).default(HEARTBEAT_MS) })
  .strict()

interface DbChangeRow extends DbChangeRef {
  at: Date
  body: Record<string, unknown>
  actor: string
}

/** One entry of the feed, as its reply schema (replySchemas) says. */
export type FeedEntry = z.infer<typeof FeedPageSchema>['changes'][number]

async function newestCursor(db: Queryable): Promise<number> {
  const rows = await db.query<{ id: number | null }>(`SELECT max(id) AS id FROM changes`)
  return Number(rows[0]?.id ?? 0)
}

/**
 * The change feed: `GET /v1/changes?cursor=C&limit=L` (every signed-in caller; each row filtered by
 * the reading permission of its resource) and `GET /v1/changes/stream`, server-sent events that
 * nudge the client with the newest cursor whenever changes commit, in this hub process or another.
 */
export async function changeRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { nudger, release } = acquireNudger(db)
  const streams = new Set<ServerResponse>()
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end()
  })
  app.addHook('onClose', async () => release())

  r.get(
    '/v1/changes',
    { schema: { response: { 200: FeedPageSchema }, querystring: FeedQuery } },
    async (request) => {
      const actor = actorOf(request)
      const { cursor, limit } = request.query
      const rows = await db.query<DbChangeRow>(
        `SELECT id, at, kind, resource_id, org_id, location_path, machine_id, op, body, actor
       FROM changes WHERE id > $1 ORDER BY id LIMIT $2`,
        [cursor, limit],
      )
      const below = await grantPaths(db, actor.identity.grants)
      const shared = await sharesWithCaller(db, actor.identity)
      const changes: FeedEntry[] = []
      const pending = rows.map((row) => ({ row, change: changeRowOf(row), body: row.body }))
      // The caller's own losses in this page, each expanded once (accessLoss.ts).
      const expandAt = lossesToExpand(pending, actor.identity)
      for (const { row, change } of pending) {
        // The caller's own access shrank here: what left its reach follows as removals at this cursor.
        const loss = expandAt.get(change.id)
        if (loss) {
          for (const gone of await expandAccessLoss(db, actor.identity, below, loss, change.id))
            changes.push({ cursor: change.id, ...gone, op: 'delete', removed: 'out-of-reach' })
        }
        const decision = feedDecision(actor.identity, change, below, shared)
        if (decision === 'hide') continue
        if (decision === 'removal') {
          changes.push({
            cursor: change.id,
            kind: row.kind,
            resourceId: row.resource_id,
            op: 'delete',
            removed: 'out-of-reach',
          })
          continue
        }
        changes.push({
          cursor: change.id,
          at: new Date(row.at).toISOString(),
          kind: row.kind,
          resourceId: row.resource_id,
          orgId: row.org_id,
          locationPath: row.location_path,
          machineId: row.machine_id,
          op: row.op,
          body: row.body,
          actor: row.actor,
        })
      }
      const last = rows[rows.length - 1]
      // The cursor passes every row read, shown or not, so a client never reads the same rows again.
      return { changes, nextCursor: last ? Number(last.id) : cursor, hasMore: rows.length === limit }
    },
  )

  r.get(
    '/v1/changes/stream',
    { schema: { response: EventStreamReply, querystring: StreamQuery } },
    async (request, reply) => {
      actorOf(request)
      const { heartbeatMs } = request.query
      const out = reply.raw
      reply.hijack()
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      })
      streams.add(out)
      let sent = -1
      let busy = false
      let again = false
      // The newest cursor, never the same twice in a row; nudges that arrive while a query runs are
      // folded into one more look afterwards.
      const sendNewest = async (): Promise<void> => {
        if (busy) {
          again = true
          return
        }
        busy = true
        try {
          do {
            again = false
            const cursor = await newestCursor(db)
            if (cursor !== sent && !out.writableEnded) {
              sent = cursor
              out.write(`event: cursor\ndata: ${JSON.stringify({ cursor })}\n\n`)
            }
          } while (again && !out.writableEnded)
        } catch (err) {
          request.log.warn({ err }, 'change stream could not read the newest cursor')
        } finally {
          busy = false
        }
      }
      out.write(`retry: 2000\n\n`)
      const unsubscribe = (await nudger).subscribe(() => void sendNewest())
      const heartbeat = setInterval(() => {
        if (!out.writableEnded) out.write(`: heartbeat ${Date.now()}\n\n`)
      }, heartbeatMs)
      const stop = (): void => {
        clearInterval(heartbeat)
        unsubscribe()
        streams.delete(out)
      }
      out.on('close', stop)
      await sendNewest()
    },
  )
}
