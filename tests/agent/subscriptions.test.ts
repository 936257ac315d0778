import { afterEach, describe, expect, it } from 'vitest'
import type { ManualClock } from '../../src/agent/runtime/ManualClock'
import type { LogEntry } from '../../src/shared/domain/model'
import type { MachineStatus, ReadingsData } from '../../src/shared/robot/protocol'
import { settle, startHarness, type Harness } from './agentHarness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

describe('subscriptions', () => {
  it('readings arrive at the interval until unsubscribed', async () => {
    harness = await startHarness()
    const clock = harness.clock as ManualClock
    const client = await harness.owner()
    const got: ReadingsData[] = []
    const sub = await client.subscribe(
      { topic: 'readings', names: ['air', 'left', 'nope'], intervalMs: 200 },
      (d) => got.push(d),
    )
    await settle()
    expect(got).toHaveLength(1)
    expect(got[0]?.readings).toEqual({
      air: { temperature_c: 21, humidity_pct: 50 },
      left: { position: 0, rpm: 0, isMoving: false },
      nope: { error: 'no component named "nope" on this machine' },
    })
    clock.advance(200)
    await settle()
    clock.advance(200)
    await settle()
    expect(got).toHaveLength(3)
    await sub.unsubscribe()
    clock.advance(1000)
    await settle()
    expect(got).toHaveLength(3)
    await expect(sub.unsubscribe()).rejects.toMatchObject({ code: 'not-found' })
    client.close()
  })

  it('logs: the tail first, then live entries at or above the level', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    const got: LogEntry[] = []
    await client.subscribe({ topic: 'logs', tail: 2, level: 'info' }, (entries) => got.push(...entries))
    await settle()
    expect(got).toHaveLength(2)
    const log = harness.agent.logs.logger('test')
    log.debug('too chatty')
    log.warn('watch out', { volts: 11.1 })
    await settle()
    expect(got.slice(2)).toEqual([
      expect.objectContaining({
        level: 'warn',
        logger: 'test',
        message: 'watch out',
        fields: { volts: 11.1 },
        partId: 'part-test-1',
      }),
    ])
    client.close()
  })

  it('status: the current status first, then on every change', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    const got: MachineStatus[] = []
    await client.subscribe({ topic: 'status' }, (s) => got.push(s))
    await settle()
    expect(got.map((s) => s.configRevision)).toEqual([1])
    await client.applyConfig({ components: [{ name: 'solo', type: 'generic', model: 'fake' }] }, 1)
    await settle()
    const last = got[got.length - 1]
    expect(last?.configRevision).toBe(2)
    expect(last?.resources).toEqual([
      { name: 'solo', api: 'rdk:component:generic', model: 'fake', state: 'ready' },
    ])
    client.close()
  })

  it('refuses bad subscription params with their paths', async () => {
    harness = await startHarness()
    const client = await harness.owner()
    await expect(
      client.subscribe({ topic: 'readings', names: [], intervalMs: 5 }, () => undefined),
    ).rejects.toMatchObject({
      code: 'invalid-argument',
      fieldErrors: [
        { path: '$.names', message: expect.any(String) },
        { path: '$.intervalMs', message: expect.any(String) },
      ],
    })
    client.close()
  })
})
