import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importHubKeys, type HubKeySet } from '../../../src/shared/robot/auth'
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose'
import { deriveSealKey } from '../../../src/hub/core/sealSecret'
import { createHub } from '../../../src/hub/server/createHub'
import { currentSigningKey, openPrivateKey, rollSigningKey } from '../../../src/hub/sync/signingKeys'
import { TEST_SEAL_KEY } from '../support/testSealKey'
import { freshDb } from '../support/testStorage'
import { startHarness } from '../../agent/agentHarness'
import { describeStorages, startTestHub, type TestHub } from '../support/testHub'
import { actorWith, seedWorld, type World } from '../support/world'

interface TokenReply {
  token: string
  role: string
  kid: string
  partId: string
  expiresAt: string
}

describeStorages('part tokens', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
  })
  afterAll(async () => hub?.close())

  const tokenFor = async (auth: string, partId: string): Promise<{ status: number; body: TokenReply }> => {
    const reply = await hub.call({ method: 'POST', url: `/v1/parts/${partId}/token`, auth, body: {} })
    return { status: reply.status, body: reply.body as TokenReply }
  }
  const keySet = async (): Promise<{ keys: { kid: string; d?: unknown }[] }> =>
    (await hub.call({ method: 'GET', url: '/v1/keys' })).body as { keys: { kid: string; d?: unknown }[] }

  it('signs the caller’s own role; the JWKS serves public keys only', async () => {
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'machine', id: world.machine.mG } },
    ])
    const owner = await actorWith(hub.db, 'api-key', world.org, [
      { role: 'owner', resource: { kind: 'location', id: world.loc.C } },
    ])
    const op = await tokenFor(operator.auth, world.part.pG)
    expect(op.status).toBe(200)
    expect(op.body.role).toBe('operator')
    const own = await tokenFor(owner.auth, world.part.pG)
    expect(own.body.role).toBe('owner')
    // Out of reach: 404, as if absent; no credentials: 401.
    expect((await tokenFor(operator.auth, world.part.pR)).status).toBe(404)
    expect(
      (await hub.call({ method: 'POST', url: `/v1/parts/${world.part.pG}/token`, body: {} })).status,
    ).toBe(401)
    const jwks = await keySet()
    expect(jwks.keys.map((k) => k.kid)).toContain(op.body.kid)
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true)
    const stored = await hub.db.query<{ private_key: string }>(`SELECT private_key FROM hub_signing_keys`)
    expect(JSON.stringify(jwks)).not.toContain(stored[0]?.private_key.slice(0, 40))
  })

  it('a hub token opens a session on a real agent, also after a key roll; a tampered one is refused', async () => {
    const partId = world.part.pG
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'machine', id: world.machine.mG } },
    ])
    const before = (await tokenFor(operator.auth, partId)).body
    await rollSigningKey(hub.db, { sealKey: TEST_SEAL_KEY, legacySecret: undefined })
    const after = (await tokenFor(operator.auth, partId)).body
    expect(after.kid).not.toBe(before.kid)
    const jwks = await keySet()
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before.kid, after.kid]))

    // The agent caches the key set as the hub serves it.
    const keys = (await importHubKeys(jwks as unknown as { keys: [] })) as HubKeySet
    const harness = await startHarness({ partId, hubPublicKey: keys })
    try {
      for (const token of [before.token, after.token]) {
        const { client } = harness.connect()
        await client.hello({ kind: 'token', token })
        expect(client.session?.role).toBe('operator')
        client.close()
      }
      const [head, payload, signature] = after.token.split('.') as [string, string, string]
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
      const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url')}.${signature}`
      const { client } = harness.connect()
      await expect(client.hello({ kind: 'token', token: forged })).rejects.toThrow(/not signed by this fleet/)
      client.close()
    } finally {
      await harness.agent.close()
    }
  })

  it('a retired key leaves the set once its tokens can no longer be valid', async () => {
    const kidsBefore = (await keySet()).keys.map((k) => k.kid)
    await hub.db.query(
      `UPDATE hub_signing_keys SET retired_at = now() - interval '2 hours' WHERE retired_at IS NOT NULL`,
    )
    const kidsAfter = (await keySet()).keys.map((k) => k.kid)
    expect(kidsAfter.length).toBe(1)
    expect(kidsBefore.length).toBeGreaterThan(1)
  })
})

describe('signing keys at rest', () => {
  it('are sealed under the hub key and usable only with it', async () => {
    const hub = await startTestHub('pglite')
    try {
      const options = { sealKey: TEST_SEAL_KEY, legacySecret: undefined }
      await rollSigningKey(hub.db, options)
      const rows = await hub.db.query<{ private_key: string; encryption: string }>(
        `SELECT private_key, encryption FROM hub_signing_keys WHERE retired_at IS NULL`,
      )
      expect(rows[0]?.encryption).toBe('aes-256-gcm')
      expect(rows[0]?.private_key).toMatch(new RegExp(`^v1:${TEST_SEAL_KEY.kid}:`))
      expect(rows[0]?.private_key).not.toMatch(/PRIVATE KEY/)
      const other = { sealKey: deriveSealKey('another hub'), legacySecret: undefined }
      await expect(currentSigningKey(hub.db, other)).rejects.toThrow(/wrong key|not the one/)
      expect((await currentSigningKey(hub.db, options)).kid).toMatch(/^key_/)
    } finally {
      await hub.close()
    }
  })

  it('keys stored by older hubs (plain, or the earlier AES format) are re-sealed at start', async () => {
    const legacySecret = 'a hub secret for tests'
    const db = await freshDb('pglite')
    try {
      const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
      const pem = await exportPKCS8(pair.privateKey)
      // The format before sealSecret.ts: iv.tag.body under SHA-256 of the secret.
      const iv = randomBytes(12)
      const aes = createHash('sha256').update(`fleetdesk-hub-signing-key\n${legacySecret}`).digest()
      const cipher = createCipheriv('aes-256-gcm', aes, iv)
      const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()])
      const legacy = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')
      const jwk = JSON.stringify({ ...(await exportJWK(pair.publicKey)), alg: 'EdDSA' })
      await db.query(
        `INSERT INTO hub_signing_keys (kid, public_jwk, private_key, encryption, retired_at) VALUES
         ('key_old_aes', $1::jsonb, $2, 'aes-256-gcm', now()), ('key_old_plain', $1::jsonb, $3, 'none', NULL)`,
        [jwk, legacy, pem],
      )
      const options = { sealKey: TEST_SEAL_KEY, legacySecret }
      expect(openPrivateKey(legacy, 'aes-256-gcm', options)).toBe(pem)
      const hub = await createHub(db, {
        logLevel: false,
        sealKey: TEST_SEAL_KEY,
        legacyKeySecret: legacySecret,
      })
      await hub.app.close()
      const rows = await db.query<{ private_key: string; encryption: string }>(
        `SELECT private_key, encryption FROM hub_signing_keys ORDER BY kid`,
      )
      expect(rows.map((r) => r.encryption)).toEqual(['aes-256-gcm', 'aes-256-gcm'])
      for (const row of rows) {
        expect(row.private_key).toMatch(/^v1:/)
        expect(openPrivateKey(row.private_key, row.encryption, options)).toBe(pem)
      }
    } finally {
      await db.close()
    }
  })
})
