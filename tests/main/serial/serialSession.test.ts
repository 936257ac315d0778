import { closeSync, openSync, writeSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createSerialConnector } from '../../../src/main/robots/connectors/createSerialConnector'
import { connectorByKind } from '../../../src/main/robots/connectors/RobotConnector'
import type { SerialTarget } from '../../../src/main/robots/connectors/RobotTarget'
import { RobotSessions } from '../../../src/main/robots/RobotSessions'
import { SerialLinks } from '../../../src/main/serial/link/SerialLinks'
import { systemClock } from '../../../src/agent/runtime/Clock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import type { RobotSessionView } from '../../../src/shared/api/robotViews'
import type { LogEntry } from '../../../src/shared/domain/model'
import { encodeMessageFrame } from '../../../src/shared/serial/frame'
import { eventually, nextEvent } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { MOTOR_CONFIG, PART_ID, SECRET, startHarness, type Harness } from '../../agent/agentHarness'

// The desktop's robot session over a serial port, against a real Agent serving the other end of a
// socat pty pair: the same RobotSession code as over WebRTC, only the connector differs.

interface Rig {
  pair: PtyPair
  harness: Harness
  transport: SerialTransport
  links: SerialLinks
  sessions: RobotSessions
  views: Set<(view: RobotSessionView) => void>
}

let rig: Rig | undefined
afterEach(async () => {
  rig?.sessions.closeAll()
  await rig?.transport.stop()
  await rig?.harness.agent.close()
  await rig?.pair.dispose()
  rig = undefined
})

async function startRig(): Promise<Rig> {
  const pair = await createPtyPair()
  const harness = await startHarness({ clock: systemClock() })
  const transport = createSerialTransport({
    path: pair.b,
    baudRate: 115200,
    banner: 'bench-bot agent booting\r\n',
    retryDelaysMs: [50, 100, 200],
  })
  await transport.start(harness.agent)
  const links = new SerialLinks()
  const views = new Set<(view: RobotSessionView) => void>()
  const sessions = new RobotSessions({
    connector: connectorByKind({ serial: createSerialConnector({ registry: links }) }),
    onChange: (view) => views.forEach((l) => l(view)),
    onOpenOrEnd: () => undefined,
    onLive: () => undefined,
  })
  return { pair, harness, transport, links, sessions, views }
}

const open = (r: Rig): Promise<RobotSessionView> => {
  const target: SerialTarget = { kind: 'serial', path: r.pair.a, baudRate: 115200 }
  return r.sessions.open({
    partId: PART_ID,
    machineId: null,
    machineName: 'bench-bot',
    auth: { kind: 'secret', partId: PART_ID, secret: SECRET },
    resolveTarget: () => target,
  })
}

const onView = (r: Rig) => (listener: (view: RobotSessionView) => void) => {
  r.views.add(listener)
  return () => r.views.delete(listener)
}

const isMoving = (h: Harness, name: string): boolean =>
  (h.agent.resource(name).readings() as { isMoving: boolean }).isMoving

/** Writes to a pty end beside its owner (no lock): bytes injected into the wire. */
function inject(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, bytes)
  } finally {
    closeSync(fd)
  }
}

describe('a robot session over a serial port', () => {
  it('connects with the part secret, drives a motor, reads a sensor, streams logs and applies a config', async () => {
    rig = await startRig()
    const link = nextEvent<string>('banner', (l) =>
      rig!.links.onOpen((opened) => opened.onConsoleBytes((bytes) => l(Buffer.from(bytes).toString()))),
    )
    const view = await open(rig)
    expect(view).toMatchObject({
      state: 'live',
      role: 'owner',
      via: 'serial',
      address: `${rig.pair.a} @ 115200 baud`,
    })
    // What the agent printed before its first frame reached the console side of the link.
    expect(await link).toContain('bench-bot agent booting\r\n')

    const client = rig.sessions.liveClient(PART_ID, 'bench-bot')
    await client.callComponent('left', 'setPower', { power: 0.4 })
    expect(isMoving(rig.harness, 'left')).toBe(true)
    const readings = (await client.callComponent('air', 'readings', {})) as Record<string, unknown>
    expect(Object.keys(readings).length).toBeGreaterThan(0)

    const logs: LogEntry[] = []
    const sub = await client.subscribe({ topic: 'logs', level: 'info', tail: 0 }, (entries) =>
      logs.push(...entries),
    )
    rig.harness.agent.logs.logger('test').info('over the wire')
    await eventually('the log entry streamed', () =>
      logs.some((e) => e.message === 'over the wire') ? true : undefined,
    )
    await sub.unsubscribe()

    const { revision } = await client.getConfig()
    const next = { ...MOTOR_CONFIG, components: MOTOR_CONFIG.components.filter((c) => c.name !== 'arm') }
    const applied = await client.applyConfig(next, revision)
    expect(applied.revision).toBeGreaterThan(revision)
    expect((await client.status()).resources.map((r) => r.name)).toEqual(['left', 'rover', 'air'])
  })

  it('drops and counts garbage and corrupt frames injected between valid ones, and the session goes on', async () => {
    rig = await startRig()
    await open(rig)
    const client = rig.sessions.liveClient(PART_ID, 'bench-bot')
    const desktopLink = rig.links.get(rig.pair.a)!
    const corrupt = (message: string): Uint8Array => {
      const frame = encodeMessageFrame(message)
      frame[12] = frame[12]! ^ 0x04
      return frame
    }
    for (let i = 0; i < 20; i++) {
      // Towards the agent: binary garbage and a request whose CRC no longer matches.
      inject(rig.pair.a, Uint8Array.of(0x00, 0x13, 0x37, 0x01, 0x02, 0xff, 0x00))
      inject(rig.pair.a, corrupt(`{"jsonrpc":"2.0","id":"x${i}","method":"machine.stopAll"}`))
      // Towards the desktop: text, garbage and a corrupt answer.
      inject(rig.pair.b, new TextEncoder().encode(`debug line ${i}\r\n`))
      inject(rig.pair.b, Uint8Array.of(0x00, 0x05, 0xfe, 0x00))
      inject(rig.pair.b, corrupt(`{"jsonrpc":"2.0","id":999,"result":{"stopped":[]}}`))
      await client.callComponent('left', 'setPower', { power: 0.1 + i / 100 })
      expect(((await client.callComponent('air', 'readings', {})) as object) !== null).toBe(true)
    }
    const agentLink = rig.transport.link!
    await eventually('every injected frame counted', () => {
      const desk = desktopLink.stats().framesDropped
      const agent = agentLink.stats().framesDropped
      return desk.badCrc === 20 && desk.badCobs === 20 && agent.badCrc === 20 && agent.badCobs === 20
        ? true
        : undefined
    })
    // Text is text: shown on the console, not counted as a dropped frame.
    expect(desktopLink.stats().consoleBytes).toBeGreaterThan(20 * 'debug line 0\r\n'.length)
    expect(rig.sessions.get(PART_ID)?.view.state).toBe('live')
    expect(isMoving(rig.harness, 'left')).toBe(true)
  })

  it('fails a call at once when the pty pair dies mid-call, and reconnects by itself when it is back', async () => {
    rig = await startRig()
    await open(rig)
    const client = rig.sessions.liveClient(PART_ID, 'bench-bot')
    await client.callComponent('left', 'setPower', { power: 0.5 })
    const safetyStop = nextEvent<LogEntry>(
      'safety stop',
      (l) => rig!.harness.agent.logs.subscribe(l),
      (e) => e.message === 'safety stop: session closed',
    )
    const unreachable = nextEvent<RobotSessionView>(
      'unreachable',
      onView(rig),
      (v) => v.state === 'unreachable',
    )
    // The request is written but never forwarded: the cable is pulled while the call is out.
    rig.pair.freeze()
    const call = client.callComponent('air', 'readings', {}).then(
      () => null,
      (err: unknown) => err as Error,
    )
    const killedAt = performance.now()
    await rig.pair.kill()
    const err = await call
    const failedAfter = performance.now() - killedAt
    expect(err?.message).toMatch(/session closed before "component.call" was answered: .*went away/)
    // "At once": well inside the 2 s in which the app promises to call a robot unreachable.
    expect(failedAfter).toBeLessThan(2000)
    expect((await unreachable).error).toMatch(/went away \(cable pulled or device reset\)/)
    await safetyStop
    expect(isMoving(rig.harness, 'left')).toBe(false)

    const live = nextEvent<RobotSessionView>('live again', onView(rig), (v) => v.state === 'live', {
      timeoutMs: 40_000,
    })
    await rig.pair.recreate()
    expect(await live).toMatchObject({ via: 'serial', role: 'owner', error: null })
    const again = rig.sessions.liveClient(PART_ID, 'bench-bot')
    await again.callComponent('left', 'setPower', { power: 0.2 })
    expect(isMoving(rig.harness, 'left')).toBe(true)
  }, 60_000)
})
