import { afterEach, describe, expect, it } from 'vitest'
import { CoreError } from '../../src/shared/errors/CoreError'
import { signPartToken } from '../../src/shared/robot/auth'
import { RobotClient } from '../../src/shared/robot/RobotClient'
import { createChannelPair } from '../../src/shared/robot/MessageChannel'
import { nextEvent } from '../support/eventually'
import { hubKeys, PART_ID, SECRET, startHarness, type Harness } from './agentHarness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof CoreError) return err
    throw err
  }
  throw new Error('expected the call to fail')
}

async function token(
  role: 'owner' | 'operator',
  partId = PART_ID,
  ttlSeconds = 300,
  now?: number,
): Promise<string> {
  const { privateKey } = await hubKeys()
  return signPartToken(privateKey, { partId, role, subject: 'user-ada', ttlSeconds, ...(now ? { now } : {}) })
}

describe('session authentication', () => {
  it('opens an owner session with the right part secret, and the agent proves itself too', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    expect(client.session).toMatchObject({
      role: 'owner',
      partId: PART_ID,
      machineName: 'bench-bot',
      protocolVersion: 1,
    })
    expect(typeof client.session?.agentProof).toBe('string')
    expect((await client.getConfig()).revision).toBe(1)
    client.close()
  })

  it('refuses a wrong secret with a clear message', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    const err = await rejection(
      client.hello({ kind: 'secret', partId: PART_ID, secret: 'not-the-secret-at-all' }),
    )
    expect(err.code).toBe('unauthenticated')
    expect(err.message).toMatch(/wrong part secret/)
    expect((await rejection(client.status())).code).toBe('unauthenticated')
    client.close()
  })

  it('a secret for another robot is refused by this one', async () => {
    harness = await startHarness({ secret: 'a-different-secret-entirely' })
    const { client } = harness.connect()
    const err = await rejection(client.hello({ kind: 'secret', partId: PART_ID, secret: SECRET }))
    expect(err.code).toBe('unauthenticated')
  })

  it('answers unauthenticated to everything but challenge and hello before hello', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    for (const call of [
      client.status(),
      client.getConfig(),
      client.stopAll(),
      client.callComponent('left', 'stop', {}),
    ]) {
      const err = await rejection(call)
      expect(err.code).toBe('unauthenticated')
      expect(err.message).toMatch(/session\.hello/)
    }
    client.close()
  })

  it('accepts a valid hub token with its role', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    const hello = await client.hello({ kind: 'token', token: await token('operator') })
    expect(hello.role).toBe('operator')
    expect(hello.agentProof).toBeUndefined()
    expect((await client.status()).resources.map((r) => r.name)).toEqual(['left', 'arm', 'rover', 'air'])
    client.close()
  })

  it('refuses an expired token, saying so', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    const old = await token('owner', PART_ID, 60, harness.clock.now() - 3600_000)
    const err = await rejection(client.hello({ kind: 'token', token: old }))
    expect(err.code).toBe('unauthenticated')
    expect(err.message).toMatch(/token expired at .*get a new one/)
  })

  it('refuses a token for another part', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    const err = await rejection(client.hello({ kind: 'token', token: await token('owner', 'part-other') }))
    expect(err.code).toBe('unauthenticated')
    expect(err.message).toBe(`the token is for part "part-other", but this agent is part "${PART_ID}"`)
  })

  it('refuses a token signed by another key', async () => {
    harness = await startHarness()
    const { generateKeyPair } = await import('jose')
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const forged = await signPartToken(other.privateKey, {
      partId: PART_ID,
      role: 'owner',
      subject: 'mallory',
    })
    const { client } = harness.connect()
    const err = await rejection(client.hello({ kind: 'token', token: forged }))
    expect(err.message).toMatch(/not signed by this fleet/)
  })

  it('denies an operator config, restart and logs, and allows component calls and status', async () => {
    harness = await startHarness()
    const { client } = harness.connect()
    await client.hello({ kind: 'token', token: await token('operator') })
    for (const [call, what] of [
      [client.getConfig(), 'config.get'],
      [client.applyConfig({}, 1), 'config.apply'],
      [client.restart(), 'machine.restart'],
      [client.logs(), 'logs.get'],
      [client.subscribe({ topic: 'logs' }, () => undefined), 'subscribing to logs'],
    ] as const) {
      const err = await rejection(call)
      expect(err.code).toBe('permission-denied')
      expect(err.message).toBe(
        `permission denied: ${what} needs the owner role; this session is operator (token for user-ada)`,
      )
    }
    expect(await client.callComponent<'motor', 'isMoving'>('left', 'isMoving', {})).toEqual({
      isMoving: false,
    })
    expect((await client.stopAll()).stopped).toEqual(['left', 'arm', 'rover'])
    client.close()
  })

  it('refuses a replayed challenge and closes after repeated failures', async () => {
    harness = await startHarness()
    const [channel, agentSide] = createChannelPair()
    harness.agent.attachSession(agentSide)
    const client = new RobotClient(channel)
    for (let i = 0; i < 3; i++)
      await rejection(client.hello({ kind: 'secret', partId: PART_ID, secret: 'wrong-secret-000000' }))
    // The agent closes the session right after the third refusal's answer has gone out.
    if (channel.isOpen) await nextEvent('closed after three failed hellos', (l) => channel.onClose(l))
    expect(channel.isOpen).toBe(false)
  })
})
