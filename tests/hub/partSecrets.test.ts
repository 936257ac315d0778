import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveSealKey, open, seal, SealError, sealKeyFromBytes } from '../../src/hub/core/sealSecret'
import { loadMigrations, migrate } from '../../src/hub/db/migrate'
import { createHub } from '../../src/hub/server/createHub'
import { KEY_FILE, resolveHubSealKey } from '../../src/hub/server/hubSealKey'
import { describeStorages, startTestHub, type TestHub } from './support/testHub'
import { TEST_SEAL_KEY } from './support/testSealKey'
import { freshDb } from './support/testStorage'
import { seedWorld, type World } from './support/world'

// Part secrets are sealed at rest: never in clear text in the database, still shown to owners and
// checked for agents; rows from before migration 003 are sealed at start; a wrong key is refused.

interface PartRow {
  secret: string | null
  secret_sealed: string | null
}

describe('sealSecret', () => {
  const key = sealKeyFromBytes(Buffer.alloc(32, 1))
  it('opens what it sealed, with a fresh IV each time', () => {
    const a = seal(key, 'the secret')
    expect(a).toMatch(new RegExp(`^v1:${key.kid}:[\\w-]+:[\\w-]+:[\\w-]+$`))
    expect(seal(key, 'the secret')).not.toBe(a)
    expect(open(key, a)).toBe('the secret')
  })
  it('says wrong key, tampered or malformed', () => {
    const sealed = seal(key, 'the secret')
    const fail = (k: typeof key, text: string): string => {
      try {
        open(k, text)
        return 'opened'
      } catch (err) {
        return err instanceof SealError ? err.reason : String(err)
      }
    }
    expect(fail(deriveSealKey('another secret'), sealed)).toBe('wrong-key')
    const fields = sealed.split(':')
    const body = Buffer.from(fields[4] as string, 'base64url')
    body[0] = (body[0] as number) ^ 1
    expect(fail(key, [...fields.slice(0, 4), body.toString('base64url')].join(':'))).toBe('tampered')
    expect(fail(key, 'the secret')).toBe('malformed')
    expect(fail(key, 'v1:x:y')).toBe('malformed')
  })
  it('derives the same key from the same secret (several hub processes)', () => {
    expect(deriveSealKey('shared').kid).toBe(deriveSealKey('shared').kid)
    expect(deriveSealKey('shared').kid).not.toBe(deriveSealKey('other').kid)
  })
})

describe('the hub seal key', () => {
  it('comes from FLEETDESK_HUB_KEY_SECRET, else the PGlite key file (0600); PostgreSQL without it is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubkey-'))
    try {
      const env = { FLEETDESK_HUB_KEY_SECRET: 'shared secret' }
      expect(resolveHubSealKey({ storage: 'postgres', dataDir: dir, env }).kid).toBe(
        deriveSealKey('shared secret').kid,
      )
      expect(() => resolveHubSealKey({ storage: 'postgres', dataDir: dir, env: {} })).toThrow(
        /PostgreSQL needs FLEETDESK_HUB_KEY_SECRET/,
      )
      const first = resolveHubSealKey({ storage: 'pglite', dataDir: join(dir, 'data'), env: {} })
      expect(statSync(join(dir, 'data', KEY_FILE)).mode & 0o777).toBe(0o600)
      expect(resolveHubSealKey({ storage: 'pglite', dataDir: join(dir, 'data'), env: {} }).kid).toBe(
        first.kid,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describeStorages('part secrets at rest', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  const row = async (partId: string): Promise<PartRow> =>
    (
      await hub.db.query<PartRow>(`SELECT secret, secret_sealed FROM parts WHERE id = $1`, [partId])
    )[0] as PartRow
  const agentStatus = async (partId: string, secret: string): Promise<number> =>
    (await hub.call({ method: 'GET', url: '/v1/agent/config', auth: `Part ${partId}:${secret}` })).status

  it('a new part’s secret is stored sealed only; owners see it, agents authenticate with it', async () => {
    const added = await hub.call({
      method: 'POST',
      url: `/v1/machines/${world.machine.mS}/parts`,
      auth: world.adminAuth,
      body: { name: 'arm' },
    })
    expect(added.status).toBe(201)
    const partId = (added.body as { id: string }).id
    const shown = await hub.call({ method: 'GET', url: `/v1/parts/${partId}/secret`, auth: world.adminAuth })
    const secret = (shown.body as { secret: string }).secret
    expect(secret.length).toBeGreaterThan(30)
    const stored = await row(partId)
    expect(stored.secret).toBeNull()
    expect(stored.secret_sealed).toMatch(/^v1:/)
    expect(stored.secret_sealed).not.toContain(secret)
    expect(open(TEST_SEAL_KEY, stored.secret_sealed as string)).toBe(secret)
    expect(await agentStatus(partId, secret)).toBe(200)
    expect(await agentStatus(partId, `${secret}x`)).toBe(401)
  })

  it('a rotated secret is stored sealed; the old one stops working', async () => {
    const partId = world.part.pS
    const before = `secret-${partId}`
    expect(await agentStatus(partId, before)).toBe(200)
    const rotated = await hub.call({
      method: 'POST',
      url: `/v1/parts/${partId}/secret/rotate`,
      auth: world.adminAuth,
    })
    const secret = (rotated.body as { secret: string }).secret
    const stored = await row(partId)
    expect(stored.secret).toBeNull()
    expect(stored.secret_sealed).not.toContain(secret)
    expect(await agentStatus(partId, secret)).toBe(200)
    expect(await agentStatus(partId, before)).toBe(401)
  })

  it('a hub started with another key refuses to start, saying so', async () => {
    await expect(
      createHub(hub.db, { logLevel: false, sealKey: deriveSealKey('not the hub key') }),
    ).rejects.toThrow(/sealed with key .* but this hub's key is .*FLEETDESK_HUB_KEY_SECRET/)
  })

  it('a part stored plain before migration 003 is sealed at start, and its agent still authenticates', async () => {
    const db = await freshDb(storage, { migrated: false })
    try {
      const migrations = loadMigrations()
      await migrate(db, migrations, 2)
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO organizations (id, name) VALUES ('org_old', 'Old')`)
        await tx.query(`INSERT INTO locations (id, org_id, name) VALUES ('loc_old', 'org_old', 'L')`)
        await tx.query(
          `INSERT INTO machines (id, org_id, location_id, name) VALUES ('mch_old', 'org_old', 'loc_old', 'M')`,
        )
        await tx.query(
          `INSERT INTO parts (id, machine_id, name, is_main, secret) VALUES ('prt_old', 'mch_old', 'main', true, 'an-old-plain-secret-0123456789')`,
        )
      })
      await migrate(db, migrations)
      const started = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY })
      const stored = (
        await db.query<PartRow>(`SELECT secret, secret_sealed FROM parts WHERE id = 'prt_old'`)
      )[0]
      expect(stored?.secret).toBeNull()
      expect(stored?.secret_sealed).not.toContain('an-old-plain-secret')
      expect(open(TEST_SEAL_KEY, stored?.secret_sealed as string)).toBe('an-old-plain-secret-0123456789')
      const reply = await started.app.inject({
        method: 'GET',
        url: '/v1/agent/config',
        headers: { authorization: 'Part prt_old:an-old-plain-secret-0123456789' },
      })
      expect(reply.statusCode).toBe(200)
      await started.app.close()
    } finally {
      await db.close()
    }
  })
})
