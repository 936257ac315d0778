import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey, deleteApiKey } from '../../src/hub/auth/apiKeys'
import { createAccount } from '../../src/hub/fleet/createAccount'
import { parseAuthorization } from '../../src/hub/auth/parseAuthorization'
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/hub/auth/password'
import { RateLimiter } from '../../src/hub/auth/rateLimiter'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'

describe('credentials, pure parts', () => {
  it('hashes passwords with scrypt, the parameters recorded in each hash', async () => {
    const stored = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 })
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/)
    expect(parsePasswordHash(stored)?.params).toEqual({ N: 1024, r: 8, p: 1 })
    expect(await verifyPassword('correct horse', stored)).toBe(true)
    expect(await verifyPassword('correct horsf', stored)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
    // Two hashes of one password differ (a salt each).
    expect(await hashPassword('same', { N: 1024, r: 8, p: 1 })).not.toBe(
      await hashPassword('same', { N: 1024, r: 8, p: 1 }),
    )
  })

  it('parses the two Authorization schemes and refuses anything else', () => {
    expect(parseAuthorization('Bearer abc')).toEqual({
      ok: true,
      credential: { kind: 'session', token: 'abc' },
    })
    expect(parseAuthorization('ApiKey key_1:s3cr:et')).toEqual({
      ok: true,
      credential: { kind: 'api-key', id: 'key_1', secret: 's3cr:et' },
    })
    for (const bad of [undefined, '', 'Bearer ', 'ApiKey :x', 'ApiKey x:', 'Basic a', 'x'.repeat(2000)]) {
      expect(parseAuthorization(bad).ok).toBe(false)
    }
  })

  it('limits failures per key in a window, and a success resets it', () => {
    let now = 0
    const limiter = new RateLimiter({ max: 3, windowMs: 60_000 }, () => now)
    for (let i = 0; i < 3; i++) limiter.fail('a')
    expect(limiter.retryAfter('a')).toBe(60)
    expect(limiter.retryAfter('b')).toBe(0)
    now = 30_000
    expect(limiter.retryAfter('a')).toBe(30)
    now = 60_000
    expect(limiter.retryAfter('a')).toBe(0)
    limiter.fail('b')
    limiter.reset('b')
    expect(limiter.retryAfter('b')).toBe(0)
  })
})

describeStorages('sign-in, sign-up, sessions and keys', (storage) => {
  let hub: TestHub
  let open: TestHub
  const email = 'owner@example.com'
  const password = 'a long enough password'
  beforeAll(async () => {
    hub = await startTestHub(storage)
    open = await startTestHub(storage, { allowSignup: true })
    const passwordHash = await hashPassword(password)
    await hub.db.transaction((tx) => createAccount(tx, { email, name: 'Owner', passwordHash }))
  })
  afterAll(async () => {
    await hub?.close()
    await open?.close()
  })

  const signIn = (h: TestHub, e: string, p: string): ReturnType<TestHub['call']> =>
    h.call({ method: 'POST', url: '/v1/auth/sign-in', body: { email: e, password: p } })

  it('signs in with the right password (email in any case), and the session works until signed out', async () => {
    const reply = await signIn(hub, 'Owner@Example.com', password)
    expect(reply.status).toBe(200)
    const { token } = reply.body as { token: string }
    const auth = `Bearer ${token}`
    const orgs = await hub.call({ method: 'GET', url: '/v1/orgs', auth })
    expect(orgs.status).toBe(200)
    expect((orgs.body as { organizations: { role: string }[] }).organizations).toEqual([
      expect.objectContaining({ role: 'owner' }),
    ])
    expect((await hub.call({ method: 'POST', url: '/v1/auth/sign-out', auth })).status).toBe(204)
    // Refused at once: the session is looked up on every request.
    expect((await hub.call({ method: 'GET', url: '/v1/orgs', auth })).status).toBe(401)
  })

  it('keeps the tokens hashed in the database', async () => {
    const reply = await signIn(hub, email, password)
    const { token } = reply.body as { token: string }
    const rows = await hub.db.query<{ token_hash: string }>(`SELECT token_hash FROM sessions`)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.token_hash === token || r.token_hash.includes(token))).toBe(false)
  })

  it('rate-limits failed sign-ins per account: 429 with Retry-After, even for the right password', async () => {
    const victim = 'victim@example.com'
    await hub.db.transaction(async (tx) =>
      createAccount(tx, {
        email: victim,
        name: '',
        passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
      }),
    )
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await signIn(hub, victim, 'wrong')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    const locked = await signIn(hub, victim, password)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(locked.body).toEqual({ code: 'rate-limited', message: expect.any(String) })
  })

  it('rate-limits failed sign-ins per address across accounts', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await signIn(open, `nobody${i}@example.com`, 'wrong')).status)
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true)
    expect(statuses[30]).toBe(429)
  })

  it('refuses sign-up unless the hub allows it', async () => {
    const reply = await hub.call({
      method: 'POST',
      url: '/v1/auth/sign-up',
      body: { email: 'new@example.com', password },
    })
    expect(reply.status).toBe(403)
    expect(await hub.db.query(`SELECT 1 FROM users WHERE email = 'new@example.com'`)).toEqual([])
  })

  it('signs up where allowed, creating the account’s own organization with its owner', async () => {
    const reply = await open.call({
      method: 'POST',
      url: '/v1/auth/sign-up',
      body: { email: 'new@example.com', password, orgName: 'New Co' },
    })
    expect(reply.status).toBe(201)
    const auth = `Bearer ${(reply.body as { token: string }).token}`
    const orgs = await open.call({ method: 'GET', url: '/v1/orgs', auth })
    expect((orgs.body as { organizations: unknown[] }).organizations).toEqual([
      expect.objectContaining({ name: 'New Co', role: 'owner' }),
    ])
    const again = await open.call({
      method: 'POST',
      url: '/v1/auth/sign-up',
      body: { email: 'NEW@example.com', password },
    })
    expect(again.status).toBe(409)
  })

  it('accepts two live keys for one resource and refuses a deleted key at once', async () => {
    const orgId = (
      await hub.db.query<{ id: string }>(`SELECT id FROM organizations ORDER BY created_at LIMIT 1`)
    )[0]!.id
    const grants = [
      { role: 'owner' as const, resource: { kind: 'organization' as const, id: orgId as never }, orgId },
    ]
    const [a, b] = await hub.db.transaction(async (tx) => [
      await createApiKey(tx, { orgId, name: 'a', grants }),
      await createApiKey(tx, { orgId, name: 'b', grants }),
    ])
    const get = (k: { id: string; secret: string }): Promise<number> =>
      hub
        .call({ method: 'GET', url: `/v1/orgs/${orgId}`, auth: `ApiKey ${k.id}:${k.secret}` })
        .then((r) => r.status)
    expect([await get(a!), await get(b!)]).toEqual([200, 200])
    expect(await get({ id: a!.id, secret: b!.secret })).toBe(401)
    await hub.db.transaction((tx) => deleteApiKey(tx, a!.id))
    expect([await get(a!), await get(b!)]).toEqual([401, 200])
    const stored = await hub.db.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM api_keys WHERE id = $1`,
      [b!.id],
    )
    expect(stored[0]!.secret_hash).not.toContain(b!.secret)
  })
})

describeStorages('bad input on the public auth routes', (storage) => {
  let hub: TestHub
  beforeAll(async () => {
    hub = await startTestHub(storage, { allowSignup: true, bodyLimit: 4096 })
  })
  afterAll(async () => hub?.close())

  it.each([
    ['sign-in', { email: 5, password: 'x' }, 400],
    ['sign-in', { email: 'a@b.c' }, 400],
    ['sign-in', { email: "x' OR 1=1 --@b.c", password: 'x', extra: true }, 400],
    ['sign-up', { email: 'a@b.c', password: 'short' }, 400],
    ['sign-up', { email: 'not an email', password: 'long enough password' }, 400],
    ['sign-up', { email: 'a@b.c', password: 'x'.repeat(5000) }, 413],
  ])('%s with %j answers %i and writes nothing', async (route, body, status) => {
    const reply = await hub.call({ method: 'POST', url: `/v1/auth/${route}`, body })
    expect(reply.status).toBe(status)
    expect(reply.body).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    if (status === 400) expect((reply.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0)
    expect(await hub.db.query(`SELECT 1 FROM users`)).toEqual([])
    expect((await hub.call({ method: 'GET', url: '/v1/health' })).status).toBe(200)
  })
})
