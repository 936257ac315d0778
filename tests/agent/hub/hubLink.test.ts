import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig } from '../../../src/agent/agentConfig'
import { hubLinkFiles, type Reconfigured } from '../../../src/agent/hub/HubLink'
import { startAgent, type RunningAgent } from '../../../src/agent/startAgent'
import type { Db } from '../../../src/hub/db/Db'
import { createHub, type Hub } from '../../../src/hub/server/createHub'
import { freshDb } from '../../hub/support/testStorage'
import { TEST_SEAL_KEY } from '../../hub/support/testSealKey'
import { seedWorld, type World } from '../../hub/support/world'
import { eventually } from '../../support/eventually'

// An agent on a real hub (PGlite): config changes arrive at once, the hub's absence changes
// nothing the robot runs, logs written meanwhile arrive afterwards with the count of those dropped.

const motor = (name: string): Record<string, unknown> => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes: {},
})

describe('an agent on the hub [pglite]', () => {
  let db: Db
  let world: World
  let hub: Hub | undefined
  let port = 0
  let url = ''
  const dirs: string[] = []
  const agents: RunningAgent[] = []

  const startHub = async (): Promise<void> => {
    hub = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY })
    url = await hub.app.listen({ port, host: '127.0.0.1' })
    port = Number(new URL(url).port)
  }
  const stopHub = async (): Promise<void> => {
    await hub?.app.close()
    hub = undefined
  }
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    // The hub's JSON, read loosely: the assertions check its shape.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any }> => {
    const reply = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: world.adminAuth, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const text = await reply.text()
    return { status: reply.status, body: text ? JSON.parse(text) : null }
  }
  const startPartAgent = async (dataDir: string, logBufferBytes?: number): Promise<RunningAgent> => {
    const partId = world.part.pG
    const config = parseAgentConfig(
      { partId, secret: `secret-${partId}`, machineName: 'hubbed', dataDir, hub: { url } },
      dataDir,
    )
    const running = await startAgent(config, {
      hubLink: {
        statusIntervalMs: 200,
        logBatchMs: 100,
        backoff: { baseMs: 50, maxMs: 300 },
        ...(logBufferBytes ? { logBufferBytes } : {}),
      },
    })
    agents.push(running)
    return running
  }
  const nextReconfigure = (running: RunningAgent): Promise<Reconfigured> =>
    new Promise((resolve) => {
      const off = running.hubLink!.onReconfigured((event) => {
        off()
        resolve(event)
      })
    })
  const putConfig = async (components: unknown[]): Promise<number> => {
    const head = await call('GET', `/v1/parts/${world.part.pG}/config`)
    const saved = await call('PUT', `/v1/parts/${world.part.pG}/config`, {
      config: { components },
      baseRevision: head.body.revision,
    })
    expect(saved.status).toBe(201)
    return saved.body.revision as number
  }

  beforeAll(async () => {
    db = await freshDb('pglite')
    world = await seedWorld(db)
    await startHub()
  })
  afterAll(async () => {
    for (const a of agents) await a.stop()
    await stopHub()
    await db.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('takes a config change from the hub within a second, rebuilding only what changed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-hub-'))
    dirs.push(dataDir)
    await putConfig([motor('left')])
    const running = await startPartAgent(dataDir)
    await eventually('first config', () =>
      running.agent.status().resources.some((r) => r.name === 'left') ? true : undefined,
    )
    const changed = nextReconfigure(running)
    const started = Date.now()
    const revision = await putConfig([motor('left'), motor('right')])
    const event = await changed
    // The product's promise (issue 11): a change reaches the agent within a second.
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(event).toMatchObject({ revision, rebuilt: ['right'] })
    expect(running.agent.configRevision).toBe(revision)
    const reported = await eventually('status on the hub', async () => {
      const s = await call('GET', `/v1/parts/${world.part.pG}/status`)
      return s.body.configRevision === revision ? s.body : undefined
    })
    expect(reported).toMatchObject({ reported: true, version: expect.any(String) })
    expect(running.hubLink!.status().state).toBe('online')

    // The hub goes away: the config keeps running, also after the agent's own restart.
    await stopHub()
    await eventually('offline', () => (running.hubLink!.status().state === 'offline' ? true : undefined))
    expect(running.agent.configRevision).toBe(revision)
    running.agent.logs.logger('test').info('written while the hub is away')
    await running.stop()
    agents.splice(agents.indexOf(running), 1)
    const again = await startPartAgent(dataDir)
    expect(again.agent.configRevision).toBe(revision)
    expect(
      again.agent
        .status()
        .resources.map((r) => r.name)
        .sort(),
    ).toEqual(['left', 'right'])
    again.agent.logs.logger('test').info('written after the restart')

    // The hub returns: the buffered lines arrive.
    await startHub()
    await eventually('buffered logs uploaded', async () => {
      const page = await call('GET', `/v1/parts/${world.part.pG}/logs?text=written&limit=100`)
      const messages = (page.body.entries as Array<{ message: string }>).map((e) => e.message)
      return messages.includes('written while the hub is away') &&
        messages.includes('written after the restart')
        ? true
        : undefined
    })
    await eventually('online', () => (again.hubLink!.status().state === 'online' ? true : undefined))
  })

  it('reports the lines it dropped when its buffer filled while the hub was away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-hub-drop-'))
    dirs.push(dataDir)
    await stopHub()
    const running = await startPartAgent(dataDir, 8 * 1024)
    const log = running.agent.logs.logger('flood')
    for (let i = 0; i < 200; i++) log.info(`flood line ${i}`, { i })
    const dropped = running.hubLink!.status().logsDropped
    expect(dropped).toBeGreaterThan(0)
    await startHub()
    await eventually('drop reported', async () => {
      const page = await call('GET', `/v1/parts/${world.part.pG}/logs?text=dropped%20while&limit=100`)
      const notices = page.body.entries as Array<{ fields?: { dropped?: number } }>
      return notices.some((n) => (n.fields?.dropped ?? 0) >= dropped) ? true : undefined
    })
    await eventually('newest flood line', async () => {
      const page = await call('GET', `/v1/parts/${world.part.pG}/logs?text=flood%20line%20199&limit=10`)
      return (page.body.entries as unknown[]).length > 0 ? true : undefined
    })
  })

  it('drops a line the hub refuses (4xx) instead of sending it forever, keeps its neighbours, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-hub-refused-'))
    dirs.push(dataDir)
    if (!hub) await startHub()
    // Lines left in the buffer by an older agent: the middle one has a level the hub does not take.
    const time = new Date().toISOString()
    const line = (s: number, level: string, message: string): string =>
      JSON.stringify({ s, e: { time, level, logger: 'old', message } })
    writeFileSync(
      hubLinkFiles(dataDir).logs,
      [line(1, 'info', 'kept before'), line(2, 'fatal', 'never taken'), line(3, 'info', 'kept after')].join(
        '\n',
      ) + '\n',
    )
    const running = await startPartAgent(dataDir)
    await eventually('neighbours uploaded and the refusal reported', async () => {
      const page = await call('GET', `/v1/parts/${world.part.pG}/logs?limit=1000`)
      const entries = page.body.entries as Array<{ message: string; fields?: Record<string, unknown> }>
      const messages = entries.map((e) => e.message)
      const notice = entries.find((e) => e.fields?.refused === true)
      return messages.includes('kept before') && messages.includes('kept after') && notice
        ? notice
        : undefined
    }).then((notice) => {
      expect(notice.fields).toEqual({ dropped: 1, refused: true })
      expect(notice.message).toMatch(/^1 log line was refused by the hub and dropped \(the hub answered 400/)
    })
    expect(running.hubLink!.status().logsDropped).toBe(1)
    await eventually('queue drained', () => (running.hubLink!.status().logsBuffered === 0 ? true : undefined))
  })
})
