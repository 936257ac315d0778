import { afterAll, beforeAll, expect, it } from 'vitest'
import { ALL_ROUTE_CASES } from './support/allRouteCases'
import { fillRoute, methodOf, type RouteCase } from './support/routeCase'
import { describeStorages, startTestHub, type HubRequest, type TestHub } from './support/testHub'
import { seedWorld, type World } from './support/world'

// Bad input on every route of the catalog, sent by the org owner (allowed everything, so only the
// input can be at fault): unknown ids, ids built to break SQL or paths, wrong types, missing and
// unknown keys, malformed JSON, an oversized body. Each is answered 400/404/413 with {code,
// message} (and the path of each problem for 400), nothing is written, and the hub keeps answering.

const HOSTILE_IDS = ["x' OR '1'='1", '../../etc/passwd', 'a;DROP TABLE machines;--', '%00', 'ü'.repeat(300)]
const BODY_LIMIT = 64 * 1024

interface Variant {
  what: string
  request: Omit<HubRequest, 'auth'>
  statuses: readonly number[]
}

function otherType(value: unknown): unknown {
  if (typeof value === 'string') return 12345
  if (typeof value === 'number') return 'twelve'
  if (typeof value === 'boolean') return 'yes'
  if (value === null) return 5
  if (Array.isArray(value)) return 'a list?'
  return 'not an object'
}

/** The params a case fills, read back from its own request against the world. */
function paramsOf(c: RouteCase, url: string): Record<string, string> {
  const pattern = c.route.slice(c.route.indexOf(' ') + 1).split('/')
  const actual = url.split('?')[0]!.split('/')
  const out: Record<string, string> = {}
  pattern.forEach((seg, i) => {
    if (seg.startsWith(':')) out[seg.slice(1)] = decodeURIComponent(actual[i] ?? '')
  })
  return out
}

function variants(c: RouteCase, world: World): Variant[] {
  const good = c.request(world)
  const params = paramsOf(c, good.url)
  const out: Variant[] = []
  for (const name of Object.keys(params)) {
    const unknown = name === 'revision' ? '999999' : 'unknown_id_0'
    out.push({
      what: `unknown :${name}`,
      request: { ...good, url: fillRoute(c.route, { ...params, [name]: unknown }) },
      statuses: [404],
    })
    for (const hostile of HOSTILE_IDS) {
      out.push({
        what: `:${name} = ${JSON.stringify(hostile.slice(0, 30))}`,
        request: { ...good, url: fillRoute(c.route, { ...params, [name]: hostile }) },
        statuses: [400, 404],
      })
    }
  }
  if (methodOf(c.route) === 'GET' || methodOf(c.route) === 'DELETE') return out
  const body = good.body
  if (body !== undefined && typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>
    for (const key of Object.keys(record)) {
      out.push({
        what: `body.${key} of the wrong type`,
        request: { ...good, body: { ...record, [key]: otherType(record[key]) } },
        statuses: [400],
      })
      if (!c.optionalKeys?.includes(key)) {
        const { [key]: _dropped, ...rest } = record
        out.push({ what: `body.${key} missing`, request: { ...good, body: rest }, statuses: [400] })
      }
      // Ids only: a name may be any text and is stored verbatim (tests/hub/fleet.test.ts checks that
      // a hostile name is kept as written and breaks nothing).
      if (typeof record[key] === 'string' && key.endsWith('Id')) {
        out.push({
          what: `body.${key} SQL-breaking`,
          request: { ...good, body: { ...record, [key]: HOSTILE_IDS[2] } },
          statuses: [400, 404],
        })
      }
    }
    out.push({
      what: 'an unknown key',
      request: { ...good, body: { ...record, surprise: 1 } },
      statuses: [400],
    })
    out.push({ what: 'a body that is a list', request: { ...good, body: [record] }, statuses: [400] })
  }
  out.push({ what: 'malformed JSON', request: { ...good, rawBody: '{"name": ' }, statuses: [400] })
  out.push({
    what: 'an oversized body',
    request: { ...good, rawBody: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT + 10) }) },
    statuses: [413],
  })
  return out
}

/** What a write would change: every table's row count and the feed's last id. */
async function snapshot(hub: TestHub): Promise<string> {
  const tables = await hub.db.query<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )
  const counts: string[] = []
  for (const { t } of tables) {
    const rows = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)
    counts.push(`${t}=${rows[0]?.n}`)
  }
  const last = await hub.db.query<{ id: number | null }>(`SELECT max(id) AS id FROM changes`)
  return `${counts.join(' ')} last=${last[0]?.id}`
}

describeStorages('bad input on every route', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage, { bodyLimit: BODY_LIMIT })
    world = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  it.each(ALL_ROUTE_CASES.map((c) => [c.route, c] as const))('%s', async (_route, c) => {
    await c.prepare?.(hub, world)
    const before = await snapshot(hub)
    const wrong: string[] = []
    for (const v of variants(c, world)) {
      const reply = await hub.call({ ...v.request, auth: world.adminAuth })
      const body = reply.body as { code?: unknown; message?: unknown; errors?: unknown }
      const shaped =
        typeof body?.code === 'string' && typeof body?.message === 'string' && body.message !== ''
      const located = reply.status !== 400 || (Array.isArray(body.errors) ? body.errors.length > 0 : true)
      if (!v.statuses.includes(reply.status) || !shaped || !located)
        wrong.push(`${v.what}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 160)}`)
    }
    expect(wrong).toEqual([])
    expect(await snapshot(hub)).toBe(before)
    const health = await hub.call({ method: 'GET', url: '/v1/health' })
    expect(health.status).toBe(200)
  })
})
