import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { importHubKeys, signPartToken, verifyPartToken } from '../../../src/shared/robot/auth'

async function keyPair(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid } }
}

describe('hub key sets (JWKS) with key ids', () => {
  it('picks the key the token names, so tokens of an old and a new hub key both verify', async () => {
    const [oldKey, newKey] = await Promise.all([keyPair('k-old'), keyPair('k-new')])
    const keys = await importHubKeys({ keys: [oldKey.jwk, newKey.jwk] })
    const now = Date.now()
    for (const [key, kid] of [
      [oldKey, 'k-old'],
      [newKey, 'k-new'],
    ] as const) {
      const token = await signPartToken(key.privateKey, {
        partId: 'p1',
        role: 'operator',
        subject: 'u',
        kid,
        now,
      })
      expect(await verifyPartToken(token, keys, { partId: 'p1', now })).toMatchObject({ role: 'operator' })
    }
  })

  it('refuses a kid it does not know, a token without kid among several keys, and a key lying about its kid', async () => {
    const [a, b, stranger] = await Promise.all([keyPair('a'), keyPair('b'), keyPair('c')])
    const keys = await importHubKeys({ keys: [a.jwk, b.jwk] })
    const now = Date.now()
    const sign = (privateKey: CryptoKey, kid?: string): Promise<string> =>
      signPartToken(privateKey, { partId: 'p1', role: 'owner', subject: 'u', now, ...(kid ? { kid } : {}) })
    await expect(
      verifyPartToken(await sign(stranger.privateKey, 'c'), keys, { partId: 'p1', now }),
    ).rejects.toThrow(/hub key "c", which this agent does not have/)
    await expect(verifyPartToken(await sign(a.privateKey), keys, { partId: 'p1', now })).rejects.toThrow(
      /names no signing key/,
    )
    // Signed by a stranger claiming to be key "a".
    await expect(
      verifyPartToken(await sign(stranger.privateKey, 'a'), keys, { partId: 'p1', now }),
    ).rejects.toThrow(/not signed by this fleet/)
  })

  it('accepts a token without kid when the set has one key, and refuses an empty set', async () => {
    const a = await keyPair('a')
    const now = Date.now()
    const token = await signPartToken(a.privateKey, { partId: 'p1', role: 'owner', subject: 'u', now })
    expect(
      await verifyPartToken(token, await importHubKeys({ keys: [a.jwk] }), { partId: 'p1', now }),
    ).toMatchObject({
      role: 'owner',
    })
    await expect(importHubKeys({ keys: [] })).rejects.toThrow(/no keys/)
  })
})
