import { afterEach, describe, expect, it } from 'vitest'
import { createFramedLink, openLockedPort, type FramedLink } from '../../../src/net/serial/createFramedLink'
import { systemClock } from '../../../src/agent/runtime/Clock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { encodeFrame, encodeMessageFrame, MAX_FRAME_PAYLOAD_BYTES } from '../../../src/shared/serial/frame'
import { eventually } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { PART_ID, SECRET, startHarness, type Harness } from '../agentHarness'

// The agent's serial transport over a socat pty pair, seen from the wire: what it answers to what
// it cannot accept, the safety stop when the pty dies, and serving again when the pty is back.

const BANNER = 'test agent on serial\r\n'

interface Rig {
  pair: PtyPair
  harness: Harness
  transport: SerialTransport
  wire: FramedLink
  /** Every message the agent sent, in order. */
  received: Record<string, unknown>[]
  console: string[]
}

let rig: Rig | undefined
afterEach(async () => {
  await rig?.wire.close()
  await rig?.transport.stop()
  await rig?.harness.agent.close()
  await rig?.pair.dispose()
  rig = undefined
})

async function openWire(path: string, into: Pick<Rig, 'received' | 'console'>): Promise<FramedLink> {
  const wire = createFramedLink(await openLockedPort({ path, baudRate: 115200 }))
  wire.channel.onMessage((m) => into.received.push(JSON.parse(m) as Record<string, unknown>))
  wire.onConsoleBytes((bytes) => into.console.push(Buffer.from(bytes).toString()))
  return wire
}

async function startRig(): Promise<Rig> {
  const pair = await createPtyPair()
  const harness = await startHarness({ clock: systemClock() })
  const transport = createSerialTransport({
    path: pair.b,
    baudRate: 115200,
    banner: BANNER,
    retryDelaysMs: [50, 100, 200],
  })
  await transport.start(harness.agent)
  const sink = { received: [], console: [] }
  const wire = await openWire(pair.a, sink)
  return { pair, harness, transport, wire, ...sink }
}

const answerTo = (r: Rig, id: unknown): Promise<Record<string, unknown>> =>
  eventually(`the answer to ${String(id)}`, () => r.received.find((m) => m.id === id))

const errorsWithNullId = (r: Rig): Record<string, unknown>[] => r.received.filter((m) => m.id === null)

const isMoving = (h: Harness, name: string): boolean =>
  (h.agent.resource(name).readings() as { isMoving: boolean }).isMoving

describe('the agent serial transport', () => {
  it('answers every request it cannot accept with a JSON-RPC error, never silence', async () => {
    rig = await startRig()
    const send = (message: object): void => rig!.wire.channel.send(JSON.stringify(message))

    // Not authenticated (known method, and unknown one).
    send({ jsonrpc: '2.0', id: 1, method: 'machine.status' })
    send({ jsonrpc: '2.0', id: 2, method: 'no.such.method' })
    expect(((await answerTo(rig, 1)).error as { code: number }).code).toBe(-32001)
    expect(((await answerTo(rig, 2)).error as { code: number }).code).toBe(-32001)
    // The banner came before the first answer.
    expect(rig.console.join('')).toContain(BANNER)

    // A frame that is not JSON, a frame with a bad CRC, and one over the size limit: id null.
    await rig.wire.writeRaw(encodeFrame(new TextEncoder().encode('not json at all')))
    await eventually('parse error', () => (errorsWithNullId(rig!).length === 1 ? true : undefined))
    const bad = encodeMessageFrame('{"jsonrpc":"2.0","id":3,"method":"machine.status"}')
    bad[8] = bad[8]! ^ 0x10
    await rig.wire.writeRaw(bad)
    await eventually('bad CRC error', () => (errorsWithNullId(rig!).length === 2 ? true : undefined))
    await rig.wire.writeRaw(encodeFrame(new Uint8Array(MAX_FRAME_PAYLOAD_BYTES + 100).fill(0x41)))
    await eventually('oversized error', () => (errorsWithNullId(rig!).length === 3 ? true : undefined))
    const [notJson, badCrc, oversized] = errorsWithNullId(rig).map(
      (m) => m.error as { code: number; message: string },
    )
    expect(notJson).toMatchObject({ code: -32700, message: 'parse error: not JSON' })
    expect(badCrc).toMatchObject({ code: -32700, message: expect.stringMatching(/CRC-32 did not match/) })
    expect(oversized).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/over the frame size limit/),
    })
    expect(rig.transport.link?.stats().framesDropped).toMatchObject({ badCrc: 1, oversized: 1 })

    // Authenticated, an unknown method is -32601; the session is still the same one.
    const client = new RobotClient(rig.wire.channel)
    await client.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
    const unknown = await client.callComponent('left', 'fly', {}).catch((e: unknown) => e as Error)
    expect(unknown.message).toMatch(/fly/)
    send({ jsonrpc: '2.0', id: 'u', method: 'no.such.method' })
    expect(((await answerTo(rig, 'u')).error as { code: number }).code).toBe(-32601)
    expect(rig.transport.sessionsStarted).toBe(1)
    client.stopHeartbeat()
  })

  it('starts a new session when a client says hello again, ending the old one (and its motion)', async () => {
    rig = await startRig()
    const first = new RobotClient(rig.wire.channel)
    await first.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
    await first.callComponent('left', 'setPower', { power: 0.5 })
    expect(isMoving(rig.harness, 'left')).toBe(true)
    first.stopHeartbeat()
    // A desktop that restarted: a new client on the same open port.
    const second = new RobotClient(rig.wire.channel)
    await second.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
    expect(rig.transport.sessionsStarted).toBe(2)
    expect(isMoving(rig.harness, 'left')).toBe(false)
    expect((await second.status()).resources.length).toBe(4)
    second.stopHeartbeat()
  })

  it('stops a moving motor within 500 ms of the pty dying, and serves the port again when it is back', async () => {
    rig = await startRig()
    const client = new RobotClient(rig.wire.channel)
    await client.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
    await client.callComponent('left', 'setPower', { power: 0.6 })
    expect(isMoving(rig.harness, 'left')).toBe(true)

    const stoppedAt = new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (!isMoving(rig!.harness, 'left')) {
          clearInterval(poll)
          resolve(performance.now())
        }
      }, 2)
    })
    const killedAt = performance.now()
    await rig.pair.kill()
    // The product's promise: a pulled cable stops the motors within 500 ms (here well within).
    expect((await stoppedAt) - killedAt).toBeLessThan(500)
    await eventually('the agent session ended', () =>
      rig!.harness.agent.sessionCount === 0 ? true : undefined,
    )

    // The pty comes back at the same path: the agent reopens it and serves a new session there.
    await rig.pair.recreate()
    await eventually('the agent reopened the port', () => (rig!.transport.link?.isOpen ? true : undefined))
    const consoleText: string[] = []
    rig.wire = await openWire(rig.pair.a, { received: [], console: consoleText })
    const again = new RobotClient(rig.wire.channel)
    await again.hello({ kind: 'secret', partId: PART_ID, secret: SECRET })
    expect(consoleText.join('')).toContain(BANNER)
    expect((await again.status()).resources.length).toBe(4)
    again.stopHeartbeat()
  })
})
