import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/agent/runtime/Clock'
import type { ManualClock } from '../../src/agent/runtime/ManualClock'
import { HEARTBEAT_TIMEOUT_MS, type SafetyStopParams } from '../../src/shared/robot/protocol'
import type { LogEntry } from '../../src/shared/domain/model'
import { nextEvent } from '../support/eventually'
import { settle, startHarness, type Harness } from './agentHarness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

function moving(h: Harness): Record<string, boolean> {
  const out: Record<string, boolean> = {}
  for (const name of ['left', 'arm', 'rover']) {
    out[name] = (h.agent.resource(name).readings() as { isMoving: boolean }).isMoving
  }
  return out
}

async function startMotion(h: Harness): Promise<ReturnType<Harness['connect']>> {
  const session = h.connect()
  await session.client.hello({ kind: 'secret', partId: 'part-test-1', secret: 'bench-secret-0123456789' })
  await session.client.callComponent('left', 'setPower', { power: 0.3 })
  await session.client.callComponent('arm', 'move', { angleDeg: 180 })
  await session.client.callComponent('rover', 'setVelocity', { linear: { y: 100 }, angular: {} })
  return session
}

/**
 * The agent's next safety stop, with the time it was logged: right after the actuators were
 * stopped, so that is the stop's time. The bound only ends a broken test.
 */
function safetyStop(h: Harness): Promise<{ at: number; entry: LogEntry }> {
  return nextEvent(
    'a safety stop',
    (listener) => h.agent.logs.subscribe((entry) => listener({ at: performance.now(), entry })),
    ({ entry }) => entry.message.startsWith('safety stop'),
  )
}

describe('watchdog (real clock)', () => {
  it('desktop killed mid-motion: the channel drops and every actuator it moved stops within 500 ms', async () => {
    harness = await startHarness({ clock: systemClock() })
    const { channel } = await startMotion(harness)
    expect(moving(harness)).toEqual({ left: true, arm: true, rover: true })
    // The transport notices the dead peer and closes the channel; nothing is sent by the client.
    const stopped = safetyStop(harness)
    const closedAt = performance.now()
    channel.close('peer vanished')
    const { at, entry } = await stopped
    expect(entry.message).toBe('safety stop: session closed')
    expect(moving(harness)).toEqual({ left: false, arm: false, rover: false })
    expect(at - closedAt).toBeLessThan(500)
  })

  it('desktop frozen mid-motion: heartbeats stop, the channel stays open, actuators stop within 500 ms of the last one', async () => {
    harness = await startHarness({ clock: systemClock() })
    const { client, channel } = await startMotion(harness)
    let lastHeartbeat = performance.now()
    const send = channel.send.bind(channel)
    channel.send = (message) => {
      if (message.includes('"session.heartbeat"')) lastHeartbeat = performance.now()
      send(message)
    }
    const stops: SafetyStopParams[] = []
    client.onSafetyStop((p) => stops.push(p))
    // Part of what is tested, not a wait: heartbeats flow for a while, so a stop a timeout after
    // the last one (below) is not a timeout after the hello. It cannot flake on a slow machine: a
    // late event loop runs the due heartbeat (and its delivery) before the later watchdog timer.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(moving(harness)).toEqual({ left: true, arm: true, rover: true })
    const stopped = safetyStop(harness)
    client.stopHeartbeat()
    const { at, entry } = await stopped
    expect(entry.message).toBe(`safety stop: no heartbeat for ${HEARTBEAT_TIMEOUT_MS} ms`)
    expect(moving(harness)).toEqual({ left: false, arm: false, rover: false })
    // The heartbeat timeout after the last heartbeat, plus some timer lateness.
    const sinceLast = at - lastHeartbeat
    expect(sinceLast).toBeGreaterThanOrEqual(HEARTBEAT_TIMEOUT_MS - 10)
    expect(sinceLast).toBeLessThan(HEARTBEAT_TIMEOUT_MS + 80)
    await settle()
    expect(stops).toEqual([{ reason: 'heartbeat-timeout', stopped: ['left', 'arm', 'rover'] }])
    client.close()
  })
})

describe('watchdog (manual clock)', () => {
  it('stops at exactly 450 ms of silence (the heartbeat timeout), refuses motion until heartbeats resume', async () => {
    harness = await startHarness()
    const clock = harness.clock as ManualClock
    const { client } = await startMotion(harness)
    await settle()
    client.stopHeartbeat()
    clock.advance(HEARTBEAT_TIMEOUT_MS - 1)
    await settle()
    expect(moving(harness)).toEqual({ left: true, arm: true, rover: true })
    clock.advance(1)
    expect(moving(harness)).toEqual({ left: false, arm: false, rover: false })
    await expect(client.callComponent('left', 'setPower', { power: 0.3 })).rejects.toMatchObject({
      code: 'failed-precondition',
      message: `no heartbeat for ${HEARTBEAT_TIMEOUT_MS} ms: motion needs a live session (send session.heartbeat every 100-150 ms)`,
    })
    // Reading and stopping need no heartbeat.
    expect(await client.callComponent('left', 'position', {})).toMatchObject({ position: expect.any(Number) })
    client.sendHeartbeat()
    await settle()
    await client.callComponent('left', 'setPower', { power: 0.3 })
    expect(moving(harness).left).toBe(true)
    client.close()
  })

  it('while heartbeats flow, motion continues; a session stops only what it moved', async () => {
    harness = await startHarness()
    const clock = harness.clock as ManualClock
    const driver = await harness.owner()
    const watcher = await harness.owner()
    await driver.callComponent('left', 'setPower', { power: 0.3 })
    await watcher.callComponent('rover', 'setPower', { linear: { y: 0.2 }, angular: {} })
    for (let i = 0; i < 20; i++) {
      clock.advance(50)
      await settle(3)
    }
    expect(moving(harness)).toMatchObject({ left: true, rover: true })
    watcher.close() // only the rover is the watcher's
    await settle()
    expect(moving(harness)).toMatchObject({ left: true, rover: false })
    driver.close()
    await settle()
    expect(moving(harness).left).toBe(false)
  })

  it('machine.stopAll stops every actuator whoever moved it', async () => {
    harness = await startHarness()
    const a = await harness.owner()
    await a.callComponent('left', 'setPower', { power: 1 })
    await a.callComponent('rover', 'spin', { angleDeg: 90, degsPerSec: 10 })
    expect(await a.stopAll()).toEqual({ stopped: ['left', 'arm', 'rover'] })
    expect(moving(harness)).toEqual({ left: false, arm: false, rover: false })
    a.close()
  })
})
