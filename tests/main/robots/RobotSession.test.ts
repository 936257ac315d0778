import { afterEach, describe, expect, it } from 'vitest'
import {
  createMemoryConnector,
  type MemoryConnector,
} from '../../../src/main/robots/connectors/createMemoryConnector'
import { connectorByKind } from '../../../src/main/robots/connectors/RobotConnector'
import { describeTarget, type MemoryTarget } from '../../../src/main/robots/connectors/RobotTarget'
import { RobotSessions } from '../../../src/main/robots/RobotSessions'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { RobotSessionView } from '../../../src/shared/api/robotViews'
import type { LogEntry } from '../../../src/shared/domain/model'
import type { MessageChannel } from '../../../src/shared/robot/MessageChannel'
import type { RobotClient } from '../../../src/shared/robot/RobotClient'
import { eventually, nextEvent } from '../../support/eventually'
import { PART_ID, SECRET, startHarness, type Harness } from '../../agent/agentHarness'

// A whole desktop session (hello, a motor call, stop all, a lost link and the reconnect) against a
// real Agent with fake models, over the in-memory connector: the session code is the one that runs
// over WebRTC, and nothing in it knows which connector it has.

const TARGET: MemoryTarget = { kind: 'memory', name: 'bench-bot' }

interface Rig {
  harness: Harness
  connector: MemoryConnector
  sessions: RobotSessions
  /** The robot's end of each channel the connector opened, newest last. */
  robotEnds: MessageChannel[]
  /** Makes the robot reachable (again); returns the function that makes it unreachable. */
  serve(): () => void
  onView(listener: (view: RobotSessionView) => void): () => void
  lives: RobotClient[]
}

let rig: Rig | undefined
afterEach(async () => {
  rig?.sessions.closeAll()
  await rig?.harness.agent.close()
  rig = undefined
})

async function startRig(): Promise<Rig> {
  const harness = await startHarness()
  const connector = createMemoryConnector()
  const robotEnds: MessageChannel[] = []
  const viewListeners = new Set<(view: RobotSessionView) => void>()
  const lives: RobotClient[] = []
  const sessions = new RobotSessions({
    connector: connectorByKind({ memory: connector }),
    onChange: (view) => {
      for (const listener of viewListeners) listener(view)
    },
    onOpenOrEnd: () => undefined,
    onLive: (_partId, client) => lives.push(client),
  })
  return {
    harness,
    connector,
    sessions,
    robotEnds,
    lives,
    serve: () =>
      connector.serve(TARGET.name, {
        attachSession: (channel) => {
          robotEnds.push(channel)
          harness.agent.attachSession(channel)
        },
      }),
    onView: (listener) => {
      viewListeners.add(listener)
      return () => viewListeners.delete(listener)
    },
  }
}

const isMoving = (h: Harness, name: string): boolean =>
  (h.agent.resource(name).readings() as { isMoving: boolean }).isMoving

describe('a robot session over the in-memory connector', () => {
  it('says hello, drives a motor, stops all, survives a lost link and reconnects by itself', async () => {
    rig = await startRig()
    const { harness, sessions } = rig
    const unserve = rig.serve()

    // Hello: the part secret opens an owner session; the view says which path it uses.
    const opened = await sessions.open({
      partId: PART_ID,
      machineId: null,
      machineName: 'bench-bot',
      auth: { kind: 'secret', partId: PART_ID, secret: SECRET },
      resolveTarget: () => TARGET,
    })
    expect(opened).toMatchObject({ state: 'live', role: 'owner', via: 'memory', address: 'memory:bench-bot' })
    expect(rig.lives).toHaveLength(1)
    expect(harness.agent.sessionCount).toBe(1)

    // A motor call reaches the agent's fake motor.
    const client = sessions.liveClient(PART_ID, 'bench-bot')
    await client.callComponent('left', 'setPower', { power: 0.5 })
    expect(isMoving(harness, 'left')).toBe(true)

    // Stop all reaches every live session and names what it stopped.
    const stop = await sessions.stopAll()
    expect(stop.failed).toEqual([])
    expect(stop.reached).toEqual([
      { partId: PART_ID, machineName: 'bench-bot', stopped: ['left', 'arm', 'rover'] },
    ])
    expect(isMoving(harness, 'left')).toBe(false)

    // The link is lost while the motor runs, and the robot cannot be reached for a while.
    await client.callComponent('left', 'setPower', { power: 0.3 })
    unserve()
    const unreachable = nextEvent<RobotSessionView>(
      'unreachable',
      rig.onView,
      (v) => v.state === 'unreachable',
    )
    const safetyStop = nextEvent<LogEntry>(
      'safety stop',
      (listener) => harness.agent.logs.subscribe(listener),
      (e) => e.message === 'safety stop: session closed',
    )
    rig.robotEnds.at(-1)!.close('link lost')
    expect((await unreachable).error).toBe('link lost')
    // The agent stops what the session moved as soon as the session is gone.
    expect((await safetyStop).fields).toMatchObject({ stopped: ['left'] })
    expect(isMoving(harness, 'left')).toBe(false)
    const noLink = (() => {
      try {
        sessions.liveClient(PART_ID, 'bench-bot')
      } catch (err) {
        return err
      }
      return null
    })()
    expect(noLink).toBeInstanceOf(CoreError)
    expect((noLink as CoreError).code).toBe('unavailable')

    // Reconnect attempts fail while the robot is away; the session keeps trying.
    const failed = await nextEvent<RobotSessionView>(
      'a failed reconnect',
      rig.onView,
      (v) => v.state === 'unreachable' && v.attempts >= 1,
    )
    expect(failed.error).toMatch(/no robot "bench-bot" is reachable/)

    // It comes back: the next attempt is live with no action, and the new client is handed on.
    const live = nextEvent<RobotSessionView>('live again', rig.onView, (v) => v.state === 'live')
    rig.serve()
    expect(await live).toMatchObject({ role: 'owner', via: 'memory', attempts: 0, error: null })
    expect(rig.lives).toHaveLength(2)
    const again = sessions.liveClient(PART_ID, 'bench-bot')
    expect(again).not.toBe(client)
    expect((await again.status()).resources.map((r) => r.name)).toEqual(['left', 'arm', 'rover', 'air'])
    await again.callComponent('left', 'setPower', { power: 0.2 })
    expect(isMoving(harness, 'left')).toBe(true)

    // Closed on purpose: no reconnect, and the agent stops what the session moved.
    const closed = nextEvent<RobotSessionView>('closed', rig.onView, (v) => v.state === 'closed')
    const stoppedOnClose = nextEvent<LogEntry>(
      'safety stop on close',
      (listener) => harness.agent.logs.subscribe(listener),
      (e) => e.message === 'safety stop: session closed',
    )
    sessions.close(PART_ID)
    expect((await closed).error).toBeNull()
    await stoppedOnClose
    expect(isMoving(harness, 'left')).toBe(false)
    expect(sessions.has(PART_ID)).toBe(false)
    await eventually('the agent session ended', () => (harness.agent.sessionCount === 0 ? true : undefined))
  })

  it('refuses a wrong secret for good: the session closes and does not retry', async () => {
    rig = await startRig()
    rig.serve()
    const views: RobotSessionView[] = []
    rig.onView((v) => views.push(v))
    const err = await rig.sessions
      .open({
        partId: PART_ID,
        machineId: null,
        machineName: 'bench-bot',
        auth: { kind: 'secret', partId: PART_ID, secret: 'not-the-secret-at-all' },
        resolveTarget: () => TARGET,
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CoreError)
    expect((err as CoreError).code).toBe('unauthenticated')
    expect(views.at(-1)).toMatchObject({ state: 'closed', via: 'memory' })
    expect(views.some((v) => v.state === 'reconnecting')).toBe(false)
    expect(rig.sessions.has(PART_ID)).toBe(false)
  })

  it('fails the first connection with the reason when the robot is not reachable', async () => {
    rig = await startRig()
    const err = await rig.sessions
      .open({
        partId: PART_ID,
        machineId: null,
        machineName: 'bench-bot',
        auth: { kind: 'secret', partId: PART_ID, secret: SECRET },
        resolveTarget: () => TARGET,
      })
      .catch((e: unknown) => e)
    expect((err as CoreError).code).toBe('unavailable')
    expect((err as CoreError).message).toBe(
      'Could not connect to bench-bot: no robot "bench-bot" is reachable in memory',
    )
  })
})

describe('connectors by target kind', () => {
  it('sends each target to the connector for its kind, and refuses a kind it has none for', async () => {
    const memory = createMemoryConnector()
    const connector = connectorByKind({ memory })
    const err = await connector
      .connect({ kind: 'lan', host: '127.0.0.1', port: 9 }, { timeoutMs: 1000 })
      .catch((e: unknown) => e)
    expect((err as CoreError).code).toBe('unavailable')
    expect((err as CoreError).message).toBe('This desktop cannot reach robots by lan.')
    const robot: MessageChannel[] = []
    memory.serve('bot', { attachSession: (channel) => robot.push(channel) })
    const channel = await connector.connect({ kind: 'memory', name: 'bot' }, { timeoutMs: 1000 })
    const received = nextEvent<string>('a message on the robot side', (l) => robot[0]!.onMessage(l))
    channel.send('hello')
    expect(await received).toBe('hello')
    channel.close()
  })

  it('describes targets for the session view', () => {
    expect(describeTarget({ kind: 'lan', host: '192.168.1.20', port: 8787 })).toEqual({
      via: 'lan',
      address: '192.168.1.20:8787',
    })
    expect(describeTarget({ kind: 'lan', host: 'fe80::1', port: 8787 }).address).toBe('[fe80::1]:8787')
    expect(describeTarget({ kind: 'memory', name: 'bot' })).toEqual({ via: 'memory', address: 'memory:bot' })
  })
})
