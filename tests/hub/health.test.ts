import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadMigrations } from '../../src/hub/db/migrate'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'

describeStorages('health and the authentication wall', (storage) => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub(storage)
  })
  afterAll(async () => hub?.close())

  it('answers /v1/health without credentials', async () => {
    const reply = await hub.call({ method: 'GET', url: '/v1/health' })
    expect(reply.status).toBe(200)
    const level = Math.max(...loadMigrations().map((m) => m.version))
    expect(reply.body).toEqual({ status: 'ok', storage, version: expect.any(String), migrationLevel: level })
    expect(reply.headers.get('x-request-id')).toBeTruthy()
  })

  it('serves the OpenAPI document, listing the routes', async () => {
    const reply = await hub.call({ method: 'GET', url: '/v1/openapi.json' })
    expect(reply.status).toBe(200)
    const paths = Object.keys((reply.body as { paths: Record<string, unknown> }).paths)
    expect(paths).toContain('/v1/machines/{machineId}')
    expect(paths).toContain('/v1/auth/sign-in')
    const doc = reply.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    expect(Object.keys(doc.paths['/v1/machines/{machineId}']!.patch!.responses)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404']),
    )
  })

  it.each([
    ['no header', undefined],
    ['an unknown scheme', 'Basic abc'],
    ['an unknown session', 'Bearer fds_nope'],
    ['a malformed key', 'ApiKey nocolon'],
    ['an unknown key', 'ApiKey key_x:secret'],
  ])('refuses %s with 401 {code, message}', async (_what, auth) => {
    const reply = await hub.call({ method: 'GET', url: '/v1/orgs', ...(auth !== undefined ? { auth } : {}) })
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({ code: 'unauthenticated', message: expect.any(String) })
  })

  it('answers an unknown route with 404 {code, message}', async () => {
    const reply = await hub.call({ method: 'GET', url: '/v1/nothing-here' })
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ code: 'not-found', message: expect.any(String) })
  })
})
