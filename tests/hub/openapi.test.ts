import { afterAll, beforeAll, expect, it } from 'vitest'
import { z } from 'zod'
import { ALL_ROUTE_CASES } from './support/allRouteCases'
import { describeStorages, startTestHub, type HubReply, type TestHub } from './support/testHub'
import { seedWorld, type World } from './support/world'

// The served OpenAPI document must describe every reply: each operation's success reply with its
// schema, and the error replies with the one error body. Then a few real replies, as a client
// receives them over HTTP, are checked against the schema the document declares for them.

type JsonSchema = Record<string, unknown>
interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

/** The error statuses every route documents (the hub answers them on any route). */
const ERROR_STATUSES = ['400', '401', '403', '404', '500']
/** Success statuses that carry no body. */
const BODYLESS = new Set(['204', '304'])

/** The schema of a reply's body, whatever its content type. */
function bodySchema(response: Operation['responses'][string] | undefined): JsonSchema | undefined {
  const content = response?.content
  if (!content) return undefined
  return Object.values(content)[0]?.schema
}

/** A schema that says something: a type, a combination or a format (not `{}`). */
const describes = (schema: JsonSchema | undefined): boolean =>
  schema !== undefined && ['type', 'anyOf', 'oneOf', 'allOf', 'format', 'properties'].some((k) => k in schema)

/** What is wrong with one operation's responses, or [] when nothing is. */
function responseProblems(operation: Operation): string[] {
  const problems: string[] = []
  const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'))
  if (success.length === 0) problems.push('no 2xx response')
  for (const status of success) {
    if (BODYLESS.has(status)) continue
    if (!describes(bodySchema(operation.responses[status]))) problems.push(`${status} has no body schema`)
  }
  for (const status of ERROR_STATUSES) {
    const schema = bodySchema(operation.responses[status])
    const properties = (schema?.properties ?? {}) as Record<string, unknown>
    const required = (schema?.required ?? []) as string[]
    if (!('code' in properties && 'message' in properties && required.includes('code')))
      problems.push(`${status} is not the error body {code, message}`)
  }
  return problems
}

function declaredSchema(doc: Document, method: string, path: string, status: number): z.ZodType {
  const operation = doc.paths[path]?.[method.toLowerCase()]
  const schema = bodySchema(operation?.responses[String(status)])
  if (!schema) throw new Error(`The document declares no ${status} body for ${method} ${path}`)
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0], { defaultTarget: 'openapi-3.0' })
}

describeStorages('the OpenAPI document', (storage) => {
  let hub: TestHub
  let world: World
  let doc: Document
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
    doc = (await hub.call({ method: 'GET', url: '/v1/openapi.json' })).body as Document
  })
  afterAll(async () => hub?.close())

  it('declares a success reply schema and the error replies on every route', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    )
    // The document lists the routes: about 85 of them at the time of writing.
    expect(operations.length).toBeGreaterThan(80)
    const problems = operations.flatMap(({ route, op }) => responseProblems(op).map((p) => `${route}: ${p}`))
    expect(problems).toEqual([])
  })

  it('lists every route the access tests call', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`),
      ),
    )
    const missing = ALL_ROUTE_CASES.map((c) => c.route).filter((route) => !documented.has(route))
    expect(missing).toEqual([])
  })

  it('catches a route without its reply schema (the check itself)', () => {
    expect(responseProblems({ responses: { '200': { description: 'Default Response' } } })).toContain(
      '200 has no body schema',
    )
    expect(responseProblems({ responses: {} })).toContain('no 2xx response')
  })

  it('describes real replies: each one fits the schema the document declares for it', async () => {
    // A change through the API, so the feed has an entry to check.
    const renamed = await hub.call({
      method: 'PATCH',
      url: `/v1/machines/${world.machine.mX}`,
      auth: world.adminAuth,
      body: { name: 'renamed' },
    })
    expect(renamed.status).toBe(200)
    const get = (url: string): Promise<HubReply> => hub.call({ method: 'GET', url, auth: world.adminAuth })
    const checks: [string, string, HubReply][] = [
      ['GET', '/v1/auth/me', await get('/v1/auth/me')],
      ['GET', '/v1/orgs', await get('/v1/orgs')],
      ['GET', '/v1/orgs/{orgId}/locations', await get(`/v1/orgs/${world.org}/locations`)],
      ['GET', '/v1/locations/{locationId}', await get(`/v1/locations/${world.loc.C}`)],
      ['GET', '/v1/machines/{machineId}', await get(`/v1/machines/${world.machine.mG}`)],
      ['GET', '/v1/parts/{partId}/config', await get(`/v1/parts/${world.part.pG}/config`)],
      [
        'GET',
        '/v1/parts/{partId}/effective-config',
        await get(`/v1/parts/${world.part.pG}/effective-config`),
      ],
      ['GET', '/v1/fragments/{fragmentId}', await get(`/v1/fragments/${world.fragment}`)],
      ['GET', '/v1/changes', await get('/v1/changes?cursor=0')],
      ['GET', '/v1/orgs/{orgId}/members', await get(`/v1/orgs/${world.org}/members`)],
    ]
    for (const [method, path, reply] of checks) {
      expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(200)
      const result = declaredSchema(doc, method, path, 200).safeParse(reply.body)
      expect(result.error?.issues ?? [], `${method} ${path}`).toEqual([])
    }
    // The feed carries the world's changes, so its entries were checked too, not an empty list.
    const feed = checks.find(([, path]) => path === '/v1/changes')?.[2].body as { changes: unknown[] }
    expect(feed.changes.length).toBeGreaterThan(0)
  })

  it('describes error replies with the one error body', async () => {
    const missing = await hub.call({ method: 'GET', url: '/v1/machines/mch_absent', auth: world.adminAuth })
    const invalid = await hub.call({
      method: 'PATCH',
      url: `/v1/machines/${world.machine.mG}`,
      auth: world.adminAuth,
      body: { name: 7 },
    })
    const unauthenticated = await hub.call({ method: 'GET', url: '/v1/orgs' })
    for (const [status, reply] of [
      [404, missing],
      [400, invalid],
      [401, unauthenticated],
    ] as const) {
      expect(reply.status).toBe(status)
      const path = status === 401 ? '/v1/orgs' : '/v1/machines/{machineId}'
      const method = status === 400 ? 'PATCH' : 'GET'
      const result = declaredSchema(doc, method, path, status).safeParse(reply.body)
      expect(result.error?.issues ?? [], `${status}`).toEqual([])
    }
    expect((invalid.body as { errors: { path: string }[] }).errors[0]?.path).toBe('body.name')
  })
})
