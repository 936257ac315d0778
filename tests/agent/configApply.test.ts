import { afterEach, describe, expect, it } from 'vitest'
import { Agent } from '../../src/agent/Agent'
import { MemoryConfigStore } from '../../src/agent/ConfigStore'
import { ManualClock } from '../../src/agent/runtime/ManualClock'
import { CoreError } from '../../src/shared/errors/CoreError'
import { MOTOR_CONFIG, PART_ID, SECRET, startHarness, type Harness } from './agentHarness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

async function refused(promise: Promise<unknown>): Promise<CoreError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof CoreError)) throw new Error('expected a CoreError')
  return err
}

describe('config.apply over a session', () => {
  it('applies a changed attribute, rebuilding that component alone, and bumps the revision', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    const { revision, config } = await client.getConfig()
    const next = structuredClone(config)
    const left = next.components?.[0]
    if (left) left.attributes = { max_rpm: 30 }
    const result = await client.applyConfig(next, revision)
    expect(result).toMatchObject({ revision: 2, rebuilt: ['left'], removed: [] })
    expect(await client.callComponent<'motor', 'properties'>('left', 'properties', {})).toEqual({
      positionReporting: true,
      maxRpm: 30,
    })
    expect((await client.status()).configRevision).toBe(2)
    client.close()
  })

  it('refuses an invalid config with every error, and keeps the previous one running', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    await client.callComponent('left', 'setPower', { power: 0.5 })
    const invalid = {
      components: [
        { name: 'left', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 'fast' } },
        { api: 'rdk:component:servo', model: 'fake' },
        { name: 'x', api: 'not a triplet' },
        { name: 'a', type: 'motor', model: 'fake', depends_on: ['b'] },
        { name: 'b', type: 'motor', model: 'fake', depends_on: ['a'] },
      ],
    }
    const err = await refused(client.applyConfig(invalid, 1))
    expect(err.code).toBe('invalid-argument')
    expect(err.message).toMatch(/^invalid config \(\d+ problems\), revision 1 keeps running: /)
    // The schema's errors and the agent's own (attributes, cycles), all in one answer.
    expect(err.fieldErrors).toEqual([
      { path: '$.components[1]', message: 'missing "name"' },
      { path: '$.components[2].api', message: expect.stringMatching(/namespace:type:subtype/) },
      { path: '$.components[0].attributes.max_rpm', message: expect.stringMatching(/expected a number/) },
      { path: '$.components[3].depends_on', message: 'dependency cycle: a -> b -> a' },
      { path: '$.components[4].depends_on', message: 'dependency cycle: a -> b -> a' },
    ])
    // Still revision 1, the motor never stopped, and nothing was rebuilt.
    const status = await client.status()
    expect(status.configRevision).toBe(1)
    expect(status.resources.map((r) => [r.name, r.state])).toEqual([
      ['left', 'ready'],
      ['arm', 'ready'],
      ['rover', 'ready'],
      ['air', 'ready'],
    ])
    expect(await client.callComponent<'motor', 'isMoving'>('left', 'isMoving', {})).toEqual({
      isMoving: true,
    })
    const logged = (await client.logs({ level: 'warn' })).entries
    expect(logged.map((e) => e.message)).toEqual(['config refused: the running config is unchanged'])
    expect(logged[0]?.fields.fieldErrors).toHaveLength(5)
    client.close()
  })

  it('refuses an apply based on an old revision as a conflict', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    await client.applyConfig({ components: [] }, 1)
    const err = await refused(client.applyConfig(MOTOR_CONFIG, 1))
    expect(err.code).toBe('conflict')
    expect(err.message).toMatch(/edited from revision 1, but the agent is running revision 2/)
    client.close()
  })

  it('restart rebuilds every resource of the running config', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    const result = await client.restart()
    expect(result).toMatchObject({ revision: 1, rebuilt: ['left', 'arm', 'rover', 'air'], removed: [] })
    client.close()
  })
})

describe('agent start', () => {
  const options = (store: MemoryConfigStore) => ({
    partId: PART_ID,
    secret: SECRET,
    machineName: 'm',
    clock: new ManualClock(),
    store,
  })

  it('restarts into the cached config (applied over a session) while its source is unchanged', async () => {
    const store = new MemoryConfigStore()
    const first = await Agent.start(options(store), { config: MOTOR_CONFIG, sourceHash: 'h1' })
    await first.applyConfig({ components: [MOTOR_CONFIG.components[0]] }, 1)
    await first.close()
    const again = await Agent.start(options(store), { config: MOTOR_CONFIG, sourceHash: 'h1' })
    expect(again.currentConfig().revision).toBe(2)
    expect(again.status().resources.map((r) => r.name)).toEqual(['left'])
    await again.close()
    // The file changed: it wins, as the next revision.
    const edited = await Agent.start(options(store), { config: MOTOR_CONFIG, sourceHash: 'h2' })
    expect(edited.currentConfig().revision).toBe(3)
    expect(edited.status().resources).toHaveLength(4)
    await edited.close()
  })

  it('an invalid config file at start keeps the last good cached config and logs every error', async () => {
    const store = new MemoryConfigStore()
    await (await Agent.start(options(store), { config: MOTOR_CONFIG, sourceHash: 'h1' })).close()
    const agent = await Agent.start(options(store), {
      config: { components: [{ name: 1 }, { name: 'y', api: '?' }] },
      sourceHash: 'h2',
    })
    expect(agent.currentConfig().revision).toBe(1)
    expect(agent.status().resources).toHaveLength(4)
    const error = agent.logs.entries({ level: 'error' })[0]
    expect(error?.message).toBe('the config is invalid and was not applied')
    expect((error?.fields.fieldErrors as unknown[]).length).toBeGreaterThanOrEqual(3)
    await agent.close()
  })

  it('with no valid config at all it runs empty at revision 0', async () => {
    const agent = await Agent.start(options(new MemoryConfigStore()), { config: 'nonsense' })
    expect(agent.currentConfig()).toEqual({ revision: 0, config: {} })
    await agent.close()
  })
})
