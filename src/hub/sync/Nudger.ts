import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import type { Db } from '../db/Db'

// Nudges: "the change feed has grown". Migration 020's trigger notifies the channel at the commit of
// every statement that adds change rows, whichever code and whichever hub process wrote them.
// On PGlite the database lives in this process and delivers its notifications here; on PostgreSQL a
// connection of its own LISTENs, so a change made through one hub process wakes the SSE clients and
// long-polling agents of every other. Listeners are called at most once per NUDGE_COALESCE_MS.

export const NUDGE_CHANNEL = 'fleetdesk_changes'
const NUDGE_COALESCE_MS = 20
const RELISTEN_MS = 1000

export interface Nudger {
  /** Calls `listener` after changes commit; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  close(): Promise<void>
}

/** The fan-out part: many listeners, one coalesced call per burst of notifications. */
export class NudgeFanout {
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | undefined

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  nudge(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      for (const listener of [...this.listeners]) {
        try {
          listener()
        } catch {
          // One listener's failure must not keep the others from their nudge.
        }
      }
    }, NUDGE_COALESCE_MS)
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.listeners.clear()
  }
}

function pgliteOf(db: Db): PGlite | undefined {
  const candidate = (db as Db & { pglite?: PGlite }).pglite
  return candidate
}

function poolOf(db: Db): pg.Pool | undefined {
  return (db as Db & { pool?: pg.Pool }).pool
}

/** The nudger for this database: PGlite's own notifications, or a LISTEN connection to PostgreSQL. */
export async function createNudger(db: Db): Promise<Nudger> {
  const fanout = new NudgeFanout()
  const pglite = pgliteOf(db)
  if (db.kind === 'pglite' && pglite) {
    const unlisten = await pglite.listen(NUDGE_CHANNEL, () => fanout.nudge())
    return {
      subscribe: (listener) => fanout.subscribe(listener),
      async close() {
        fanout.stop()
        if (!pglite.closed) await unlisten().catch(() => undefined)
      },
    }
  }
  const pool = poolOf(db)
  if (!pool) throw new Error('the hub database offers no way to listen for changes')
  return listenOnPostgres(pool, fanout)
}

/**
 * A dedicated connection that LISTENs; when it drops, it reconnects and nudges once (changes may
 * have been missed meanwhile, and a nudge only makes clients look).
 */
async function listenOnPostgres(pool: pg.Pool, fanout: NudgeFanout): Promise<Nudger> {
  let client: pg.Client | undefined
  let closed = false
  let retry: ReturnType<typeof setTimeout> | undefined
  const connect = async (): Promise<void> => {
    const next = new pg.Client(pool.options)
    next.on('notification', () => fanout.nudge())
    next.on('error', () => {
      void next.end().catch(() => undefined)
      if (client === next) client = undefined
      scheduleReconnect()
    })
    await next.connect()
    await next.query(`LISTEN ${NUDGE_CHANNEL}`)
    if (closed) {
      await next.end()
      return
    }
    client = next
  }
  const scheduleReconnect = (): void => {
    if (closed || retry !== undefined) return
    retry = setTimeout(() => {
      retry = undefined
      connect()
        .then(() => fanout.nudge())
        .catch(() => scheduleReconnect())
    }, RELISTEN_MS)
  }
  await connect()
  return {
    subscribe: (listener) => fanout.subscribe(listener),
    async close() {
      closed = true
      if (retry !== undefined) clearTimeout(retry)
      fanout.stop()
      await client?.end().catch(() => undefined)
    },
  }
}

const shared = new WeakMap<Db, { nudger: Promise<Nudger>; users: number }>()

/**
 * The one nudger of a hub's database, shared by the route areas that wait for changes (the feed's
 * SSE stream, the agents' long poll); each caller releases it when its app closes, the last closes it.
 */
export function acquireNudger(db: Db): { nudger: Promise<Nudger>; release: () => Promise<void> } {
  let entry = shared.get(db)
  if (!entry) {
    entry = { nudger: createNudger(db), users: 0 }
    shared.set(db, entry)
  }
  entry.users++
  const held = entry
  let released = false
  return {
    nudger: held.nudger,
    async release() {
      if (released) return
      released = true
      held.users--
      if (held.users > 0) return
      shared.delete(db)
      await (await held.nudger).close()
    },
  }
}
