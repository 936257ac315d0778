import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectWebRtc } from '../../../src/main/robots/webrtc/connectWebRtc'
import { parseAllowedNetworks } from '../../../src/net/webrtc/candidateFilter'
import type { PeerChannel } from '../../../src/net/webrtc/PeerChannel'
import { COMPONENT_METHODS } from '../../../src/shared/robot/componentMethods'
import { ROBOT_METHODS, type SafetyStopParams } from '../../../src/shared/robot/protocol'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { nextEvent } from '../../support/eventually'
import { startAgentProcess, type AgentProcess } from './agentProcess'
import { assertFuzz, fuzzParameters } from './fuzzParameters'

// The robot protocol over a live, authenticated WebRTC session, fed random JSON-RPC: unknown
// methods, wrong types, prototype names, huge params, notifications, junk. Every request is
// answered, with a result or a well-formed error; the agent (its own process) keeps serving another
// session; and whatever the fuzz set moving, the safety stop still stops once heartbeats cease.
// Bounded: 200 messages (a few seconds).
const RUNS = 200
const filter = parseAllowedNetworks('127.0.0.1')
const COMPONENTS = ['base', 'left-motor', 'right-motor', 'left-encoder', 'imu', 'front-cam']
const ACTUATORS = ['base', 'left-motor', 'right-motor']
const COMPONENT_METHOD_NAMES = [...new Set(Object.values(COMPONENT_METHODS).flatMap((m) => Object.keys(m)))]

let agent: AgentProcess
let observer: RobotClient

async function session(): Promise<{ client: RobotClient; channel: PeerChannel }> {
  const channel = await connectWebRtc({
    signalUrl: agent.signalUrl,
    candidateFilter: filter,
    timeoutMs: 20_000,
  })
  const client = new RobotClient(channel, { clientName: 'fuzz', timeoutMs: 20_000 })
  await client.hello({ kind: 'secret', partId: agent.partId, secret: agent.secret })
  return { client, channel }
}

beforeAll(async () => {
  agent = await startAgentProcess()
  observer = (await session()).client
})
afterAll(async () => {
  observer?.close()
  await agent?.stop()
})

const isMoving = async (name: string): Promise<boolean> =>
  ((await observer.callComponent(name, 'isMoving', {})) as { isMoving: boolean }).isMoving

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER),
)
const weird = fc.oneof(fc.jsonValue(), number, fc.constantFrom('__proto__', 'constructor', 'toString', ''))
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMPONENTS) },
  { weight: 1, arbitrary: fc.string() },
)
const componentMethod = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMPONENT_METHOD_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'call', 'close') },
  { weight: 1, arbitrary: fc.string() },
)
/** Arguments shaped like the real ones, with numbers from anywhere, and now and then nothing like them. */
const args = fc.oneof(
  fc.record(
    {
      power: number,
      rpm: number,
      revolutions: number,
      position: number,
      angleDeg: number,
      distanceMm: number,
      mmPerSec: number,
      degsPerSec: number,
      linear: fc.record({ x: number, y: number, z: number }, { requiredKeys: [] }),
      angular: fc.record({ x: number, y: number, z: number }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string(), weird, { maxKeys: 5 }),
  weird,
)
/** A real component, one of its real methods, and arguments with its keys: reaches the models. */
const ROVER: Record<string, keyof typeof COMPONENT_METHODS> = {
  base: 'base',
  'left-motor': 'motor',
  'right-motor': 'motor',
  'left-encoder': 'encoder',
  imu: 'movement_sensor',
  'front-cam': 'camera',
}
const unit = fc.double({ min: -1, max: 1, noNaN: true })
const value = fc.oneof(
  { weight: 4, arbitrary: unit },
  { weight: 2, arbitrary: number },
  { weight: 2, arbitrary: fc.record({ x: unit, y: unit, z: unit }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: weird },
)
const realCall = fc.constantFrom(...Object.entries(ROVER)).chain(([component, type]) => {
  const methods = COMPONENT_METHODS[type] as Record<string, { args: { shape?: Record<string, unknown> } }>
  return fc.constantFrom(...Object.keys(methods)).chain((m) => {
    const keys = Object.keys(methods[m]?.args.shape ?? {})
    const shaped = Object.fromEntries(keys.map((k) => [k, value]))
    return fc
      .record(shaped, { requiredKeys: [] })
      .map((a) => ({ name: component, method: m, args: a as Record<string, unknown> }))
  })
})
const huge = fc.integer({ min: 100_000, max: 2_000_000 }).map((n) => ({ blob: 'x'.repeat(n) }))

const params = fc.oneof(
  { weight: 4, arbitrary: realCall },
  {
    weight: 4,
    arbitrary: fc.record({ name, method: componentMethod, args }, { requiredKeys: ['name', 'method'] }),
  },
  { weight: 2, arbitrary: fc.dictionary(fc.string(), weird, { maxKeys: 6 }) },
  { weight: 1, arbitrary: weird },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.constant(undefined) },
)
const method = fc.oneof(
  { weight: 3, arbitrary: fc.constant('component.call') },
  // config.apply is left out: a random config on the right revision would legitimately replace the
  // machine (and the fuzz's later checks with it); its validation has tests of its own.
  {
    weight: 3,
    arbitrary: fc.constantFrom(...Object.keys(ROBOT_METHODS).filter((m) => m !== 'config.apply')),
  },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'rpc.discover', 'config.apply ') },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: weird },
)

type Message =
  | { kind: 'request'; jsonrpc: unknown; method: unknown; params: unknown }
  | { kind: 'notification'; method: unknown; params: unknown }
  | { kind: 'raw'; text: string }

const message: fc.Arbitrary<Message> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      jsonrpc: fc.oneof({ weight: 9, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: weird }),
      method,
      params,
    }),
  },
  // Calls a real component could take: these move motors and reach the models' own checks.
  {
    weight: 6,
    arbitrary: realCall.map((call) => ({
      kind: 'request' as const,
      jsonrpc: '2.0',
      method: 'component.call',
      params: call,
    })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('notification' as const), method, params }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      )
      .map((text) => ({ kind: 'raw' as const, text })),
  },
)

interface Reply {
  jsonrpc?: unknown
  id?: unknown
  result?: unknown
  error?: { code?: unknown; message?: unknown }
}

describe('the robot protocol under random JSON-RPC over a live session', () => {
  it('answers every request, keeps serving, and still stops what moved when heartbeats stop', async () => {
    const { client, channel } = await session()
    const replies = new Map<string, (reply: Reply) => void>()
    channel.onMessage((text) => {
      const reply = JSON.parse(text) as Reply
      if (typeof reply.id === 'string') replies.get(reply.id)?.(reply)
    })
    let next = 0
    /** Sends a request with a fresh id (`extra` may spoil everything but the id); resolves with its reply. */
    const ask = (fields: Record<string, unknown>): Promise<Reply> => {
      const id = `fz-${next++}`
      const answered = nextEvent<Reply>(`the reply to ${id}`, (listener) => {
        replies.set(id, listener)
        return () => replies.delete(id)
      })
      channel.send(JSON.stringify({ ...fields, id }))
      return answered
    }
    const codes = new Map<number, number>()

    await assertFuzz(
      'tests/agent/fuzz/robotProtocolFuzz.test.ts',
      fc.asyncProperty(message, async (m) => {
        // The other session is served while the fuzzed one is busy.
        const served = observer.status()
        if (m.kind === 'request') {
          const reply = await ask({ jsonrpc: m.jsonrpc, method: m.method, params: m.params })
          expect(reply.jsonrpc).toBe('2.0')
          if ('result' in reply) {
            expect(reply.error).toBeUndefined()
            codes.set(0, (codes.get(0) ?? 0) + 1)
          } else {
            expect(Number.isInteger(reply.error?.code)).toBe(true)
            expect(reply.error?.message).toEqual(expect.any(String))
            const code = reply.error?.code as number
            codes.set(code, (codes.get(code) ?? 0) + 1)
          }
        } else {
          channel.send(
            m.kind === 'raw'
              ? m.text
              : JSON.stringify({ jsonrpc: '2.0', method: m.method, params: m.params }),
          )
          // Nothing may answer a notification; a heartbeat after it shows the session still works.
          expect((await ask({ jsonrpc: '2.0', method: 'session.heartbeat' })).result).toBeDefined()
        }
        expect((await served).partId).toBe(agent.partId)
        expect(channel.isOpen).toBe(true)
        expect(agent.exitCode()).toBeNull()
      }),
      fuzzParameters(RUNS),
    )
    console.log(
      `robot protocol fuzz replies by error code (0: a result): ${JSON.stringify(Object.fromEntries(codes))}`,
    )

    // The fuzzed session sets things moving; when its heartbeats stop, the agent stops them.
    await client.callComponent('left-motor', 'setPower', { power: 0.6 })
    await client.callComponent('base', 'setPower', { linear: { y: 0.5 }, angular: { z: 0.2 } })
    expect(await isMoving('left-motor')).toBe(true)
    expect(await isMoving('base')).toBe(true)
    const safetyStop = nextEvent<SafetyStopParams>('the safety stop', (listener) =>
      client.onSafetyStop(listener),
    )
    client.stopHeartbeat()
    const silentAt = performance.now()
    const stop = await safetyStop
    // The promise is 500 ms from the last heartbeat; a loaded test machine gets a margin.
    expect(performance.now() - silentAt).toBeLessThan(1500)
    expect(stop.stopped).toEqual(expect.arrayContaining(['left-motor', 'base']))
    for (const actuator of ACTUATORS) expect(await isMoving(actuator), actuator).toBe(false)
    client.close()
  }, 180_000)
})
