import { generateKeyPair, exportJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  agentChallengeProof,
  challengeProof,
  importHubPublicKey,
  randomNonce,
  signPartToken,
  verifyPartToken,
  verifyProof,
} from '../../../src/shared/robot/auth'
import { createChannelPair } from '../../../src/shared/robot/MessageChannel'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { RpcPeer } from '../../../src/shared/robot/RpcPeer'

const nonce = 'A'.repeat(43)
const clientNonce = 'B'.repeat(43)

describe('secret challenge', () => {
  it('is HMAC-SHA256 over nonce || clientNonce || partId, base64url', async () => {
    const proof = await challengeProof('s3cret', nonce, clientNonce, 'part-1')
    // Independent computation with node:crypto.
    const { createHmac } = await import('node:crypto')
    const message = Buffer.concat([
      Buffer.from(nonce, 'base64url'),
      Buffer.from(clientNonce, 'base64url'),
      Buffer.from('part-1'),
    ])
    expect(proof).toBe(createHmac('sha256', 's3cret').update(message).digest('base64url'))
    expect(
      await verifyProof({ secret: 's3cret', first: nonce, second: clientNonce, partId: 'part-1', proof }),
    ).toBe(true)
    expect(
      await verifyProof({ secret: 'other', first: nonce, second: clientNonce, partId: 'part-1', proof }),
    ).toBe(false)
    expect(
      await verifyProof({ secret: 's3cret', first: nonce, second: clientNonce, partId: 'part-2', proof }),
    ).toBe(false)
    expect(
      await verifyProof({
        secret: 's3cret',
        first: nonce,
        second: clientNonce,
        partId: 'part-1',
        proof: '!!',
      }),
    ).toBe(false)
  })

  it("the agent's proof differs from the client's and equal nonces are refused", async () => {
    const client = await challengeProof('s', nonce, clientNonce, 'p')
    const agent = await agentChallengeProof('s', nonce, clientNonce, 'p')
    expect(agent).not.toBe(client)
    expect(
      await verifyProof({ secret: 's', first: clientNonce, second: nonce, partId: 'p', proof: agent }),
    ).toBe(true)
    const same = await challengeProof('s', nonce, nonce, 'p')
    expect(await verifyProof({ secret: 's', first: nonce, second: nonce, partId: 'p', proof: same })).toBe(
      false,
    )
  })

  it('nonces are 32 random bytes', () => {
    const a = randomNonce()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(randomNonce()).not.toBe(a)
  })

  it('the client refuses an agent that cannot prove it holds the secret', async () => {
    const [clientSide, agentSide] = createChannelPair()
    const impostor = new RpcPeer(agentSide)
    impostor.setHandler((method) => {
      if (method === 'session.challenge') return { nonce: randomNonce(), partId: 'p', protocolVersion: 1 }
      if (method === 'session.hello') return { role: 'owner', partId: 'p', agentProof: 'AAAA' }
      return {}
    })
    const client = new RobotClient(clientSide)
    const err = await client
      .hello({ kind: 'secret', partId: 'p', secret: 'the-real-secret' })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'unauthenticated',
      message: /could not prove it holds this part’s secret/,
    })
    expect(client.isOpen).toBe(false)
  })
})

describe('part tokens', () => {
  it('verify offline with the PEM or JWK of the hub key, carrying part, role and subject', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const now = Date.UTC(2026, 5, 1)
    const token = await signPartToken(privateKey, {
      partId: 'p1',
      role: 'operator',
      subject: 'user-1',
      ttlSeconds: 60,
      now,
    })
    const fromJwk = await importHubPublicKey(await exportJWK(publicKey))
    const claims = await verifyPartToken(token, fromJwk, { partId: 'p1', now: now + 30_000 })
    expect(claims).toEqual({
      partId: 'p1',
      role: 'operator',
      subject: 'user-1',
      expiresAt: new Date(now + 60_000),
    })
    await expect(
      verifyPartToken(token, publicKey, { partId: 'p1', now: now + 120_000 }),
    ).rejects.toMatchObject({
      code: 'unauthenticated',
      message: /the token expired at 2026-06-01T00:01:00.000Z/,
    })
    await expect(verifyPartToken(token, publicKey, { partId: 'p2', now })).rejects.toMatchObject({
      message: 'the token is for part "p1", but this agent is part "p2"',
    })
    await expect(verifyPartToken('not.a.token', publicKey, { partId: 'p1', now })).rejects.toMatchObject({
      code: 'unauthenticated',
      message: /malformed/,
    })
  })
})
