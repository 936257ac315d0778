import { afterEach, describe, expect, it } from 'vitest'
import { HELLO_DEADLINE_MS } from '../../../src/agent/AgentSession'
import { ManualClock } from '../../../src/agent/runtime/ManualClock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import { Emitter } from '../../../src/main/core/Emitter'
import { createSerialConnector } from '../../../src/main/robots/connectors/createSerialConnector'
import { connectorByKind } from '../../../src/main/robots/connectors/RobotConnector'
import { RobotSessions } from '../../../src/main/robots/RobotSessions'
import { openSerialLink } from '../../../src/main/serial/link/openSerialLink'
import { SerialLinks } from '../../../src/main/serial/link/SerialLinks'
import { SerialService } from '../../../src/main/serial/SerialService'
import type { CoreEvents } from '../../../src/shared/api/contract'
import type { RobotSessionView } from '../../../src/shared/api/robotViews'
import { CoreError } from '../../../src/shared/errors/CoreError'
import { eventually } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { PART_ID, SECRET, startHarness, type Harness } from '../../agent/agentHarness'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// "Who is on this port": the core's probe over a real socat pty pair, with a real Agent serving
// the other end (or nothing at all: a plain device), and the robot session that follows it.

const BAUD = 115200
const MACHINE = { id: 'machine-bench-1', name: 'inspector-0002' }

interface Rig {
  pair: PtyPair
  links: SerialLinks
  serial: SerialService
  sessions: RobotSessions
  harness?: Harness
  transport?: SerialTransport
}

let rig: Rig | undefined
afterEach(async () => {
  rig?.sessions.closeAll()
  await rig?.serial.stop()
  await rig?.transport?.stop()
  await rig?.harness?.agent.close()
  await rig?.pair.dispose()
  rig = undefined
})

async function startRig(withAgent: boolean, probeTimeoutMs?: number): Promise<Rig> {
  const pair = await createPtyPair()
  const links = new SerialLinks()
  const serial = new SerialService({
    events: new Emitter<CoreEvents>(),
    openLink: openSerialLink,
    links,
    logDir: mkdtempSync(join(tmpdir(), 'fleetdesk-probe-logs-')),
    listPorts: () => Promise.resolve([]),
    machineForPart: (partId) => (partId === PART_ID ? MACHINE : null),
    hasRememberedSecret: (partId) => Promise.resolve(partId === PART_ID),
    ...(probeTimeoutMs ? { probeTimeoutMs } : {}),
  })
  const sessions = new RobotSessions({
    connector: connectorByKind({ serial: createSerialConnector({ registry: links }) }),
    onChange: () => undefined,
    onOpenOrEnd: () => undefined,
    onLive: () => undefined,
  })
  const r: Rig = { pair, links, serial, sessions }
  if (withAgent) {
    // The agent's hello deadline on a clock the test moves: "silence for 10 s" without waiting.
    r.harness = await startHarness({ clock: new ManualClock() })
    r.transport = createSerialTransport({
      path: pair.b,
      baudRate: BAUD,
      banner: 'bench-bot agent\r\n',
      retryDelaysMs: [50, 100, 200],
    })
    await r.transport.start(r.harness.agent)
  }
  return r
}

const connect = (r: Rig): Promise<RobotSessionView> =>
  r.sessions.open({
    partId: PART_ID,
    machineId: null,
    machineName: 'bench-bot',
    auth: { kind: 'secret', partId: PART_ID, secret: SECRET },
    resolveTarget: () => ({ kind: 'serial', path: r.pair.a, baudRate: BAUD }),
  })

const probe = (r: Rig): ReturnType<SerialService['handlers']['probeSerialPort']> =>
  r.serial.handlers.probeSerialPort({ path: r.pair.a, baudRate: BAUD })

describe('probeSerialPort', () => {
  it("returns the agent's part id and cached machine, leaves the port free, and a session connects after", async () => {
    rig = await startRig(true)
    const result = await probe(rig)
    expect(result).toEqual({
      kind: 'robot',
      partId: PART_ID,
      protocolVersion: expect.any(Number),
      machine: MACHINE,
      secretRemembered: true,
    })
    // Opened for the probe alone: closed again, so the session below can lock it.
    expect(rig.links.get(rig.pair.a)).toBeUndefined()
    const view = await connect(rig)
    expect(view.state).toBe('live')
    expect((await rig.sessions.liveClient(PART_ID, 'bench-bot').status()).resources.length).toBeGreaterThan(0)
  })

  it('a connect after the probe went silent past the hello deadline still goes live at once', async () => {
    rig = await startRig(true)
    expect(await probe(rig)).toMatchObject({ kind: 'robot', partId: PART_ID })
    // The probe's challenge, then silence: the agent ends that session at its hello deadline.
    ;(rig.harness!.clock as ManualClock).advance(HELLO_DEADLINE_MS + 1)
    await eventually('the agent ended the silent session', () =>
      rig!.harness!.agent.sessionCount === 0 ? true : undefined,
    )
    expect((await connect(rig)).state).toBe('live')
  })

  it('refuses while a robot session holds the port, and leaves that session alone', async () => {
    rig = await startRig(true)
    await connect(rig)
    const err = await probe(rig!).then(
      () => null,
      (e: unknown) => e as CoreError,
    )
    expect(err).toBeInstanceOf(CoreError)
    expect(err?.code).toBe('failed-precondition')
    expect(err?.message).toMatch(/robot session holds .*Disconnect it first/)
    expect(rig.sessions.get(PART_ID)?.view.state).toBe('live')
    expect((await rig.sessions.liveClient(PART_ID, 'bench-bot').status()).resources.length).toBeGreaterThan(0)
  })

  it("reuses the open console's link, which stays open", async () => {
    rig = await startRig(true)
    await rig.serial.handlers.openSerialConsole({ path: rig.pair.a, baudRate: BAUD })
    const link = rig.links.get(rig.pair.a)
    expect(link?.isOpen).toBe(true)
    expect(await probe(rig)).toMatchObject({ kind: 'robot', partId: PART_ID, machine: MACHINE })
    expect(rig.links.get(rig.pair.a)).toBe(link)
    expect(link?.isOpen).toBe(true)
  })

  it('says a plain device is plain within the timeout, and leaves the port free', async () => {
    rig = await startRig(false)
    const started = performance.now()
    const result = await probe(rig)
    const took = performance.now() - started
    expect(result.kind).toBe('plain')
    expect(result.kind === 'plain' && result.message).toMatch(/plain serial device; use the console/)
    // The product's promise is the 3 s timeout; the margin is for a loaded machine.
    expect(took).toBeGreaterThanOrEqual(2900)
    expect(took).toBeLessThan(6000)
    expect(rig.links.get(rig.pair.a)).toBeUndefined()
    // Free again: the console can open it.
    const snapshot = await rig.serial.handlers.openSerialConsole({ path: rig.pair.a, baudRate: BAUD })
    expect(snapshot.state).toBe('open')
  })
})
