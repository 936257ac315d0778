import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseAgentConfig, type AgentConfig } from '../../../src/agent/agentConfig'
import { ManualClock } from '../../../src/agent/runtime/ManualClock'
import { startAgent, type RunningAgent } from '../../../src/agent/startAgent'
import { rollSigningKey } from '../../../src/hub/sync/signingKeys'
import { signPartToken } from '../../../src/shared/robot/auth'
import { createChannelPair } from '../../../src/shared/robot/MessageChannel'
import { RobotClient } from '../../../src/shared/robot/RobotClient'
import { MOTOR_CONFIG, SECRET } from '../../agent/agentHarness'
import { startTestHub, type TestHub } from '../support/testHub'
import { TEST_SEAL_KEY } from '../support/testSealKey'
import { actorWith, seedWorld, type World } from '../support/world'

// A real hub (createHub on PGlite, on loopback) and a real agent (startAgent with a hub URL): the
// agent fetches the hub's key set, caches it in its data folder, follows a key roll through the
// unknown kid, keeps old tokens valid until they expire, and verifies from its file with the hub
// gone. A counting loopback proxy in front of the hub tells how often the agent asked for keys.

interface CountingProxy {
  url: string
  keyFetches(): number
  close(): Promise<void>
}

async function countingProxy(target: string): Promise<CountingProxy> {
  let fetches = 0
  const server: Server = createServer((request, response) => {
    if (request.url === '/v1/keys') fetches += 1
    fetch(`${target}${request.url ?? '/'}`, { method: request.method ?? 'GET' }).then(
      async (answer) => {
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' })
        response.end(await answer.text())
      },
      () => response.writeHead(502).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    keyFetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function hello(running: RunningAgent, token: string): Promise<string | undefined> {
  const [channel, agentSide] = createChannelPair()
  running.attachSession(agentSide)
  const client = new RobotClient(channel)
  try {
    await client.hello({ kind: 'token', token })
    return client.session?.role
  } finally {
    client.close()
  }
}

describe('the agent fetches and caches the hub’s keys [pglite]', () => {
  let hub: TestHub
  let world: World
  let proxy: CountingProxy
  let dir: string
  beforeAll(async () => {
    hub = await startTestHub('pglite')
    world = await seedWorld(hub.db)
    proxy = await countingProxy(hub.url)
    dir = mkdtempSync(join(tmpdir(), 'fleetdesk-hubkeys-'))
  })
  afterAll(async () => {
    await proxy?.close()
    await hub?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('verifies hub tokens offline, follows a key roll, and survives the hub going away', async () => {
    const partId = world.part.pG
    const operator = await actorWith(hub.db, 'user', world.org, [
      { role: 'operator', resource: { kind: 'machine', id: world.machine.mG } },
    ])
    const token = async (ttlSeconds: number): Promise<{ token: string; kid: string }> => {
      const reply = await hub.call({
        method: 'POST',
        url: `/v1/parts/${partId}/token`,
        auth: operator.auth,
        body: { ttlSeconds },
      })
      expect(reply.status).toBe(200)
      return reply.body as { token: string; kid: string }
    }
    const config: AgentConfig = parseAgentConfig(
      {
        partId,
        secret: SECRET,
        machineName: 'm',
        mdns: { enabled: false },
        dataDir: dir,
        machineConfig: MOTOR_CONFIG,
        hub: { url: proxy.url },
        log: { level: 'info' },
      },
      dir,
    )
    // The agent's clock is manual (starting now, as the hub's tokens do), so the test decides when
    // the rate limit's 30 s have passed.
    const clock = new ManualClock(Date.now())
    let agent = await startAgent(config, { clock })
    try {
      const old = await token(60)
      expect(await hello(agent, old.token)).toBe('operator')
      expect(proxy.keyFetches()).toBe(1)
      const cached = JSON.parse(readFileSync(join(dir, 'hub-keys.json'), 'utf8')) as {
        hubUrl: string
        jwks: { keys: { kid: string; d?: unknown }[] }
      }
      expect(cached.hubUrl).toBe(proxy.url)
      expect(cached.jwks.keys.map((k) => k.kid)).toEqual([old.kid])
      expect(cached.jwks.keys.every((k) => k.d === undefined)).toBe(true)

      // A flood of tokens naming made-up kids costs the hub no request within the gap.
      const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
      for (let i = 0; i < 20; i++) {
        const bogus = await signPartToken(stranger.privateKey, {
          partId,
          role: 'owner',
          subject: 'x',
          kid: `bogus-${i}`,
        })
        await expect(hello(agent, bogus)).rejects.toThrow(/does not have/)
      }
      expect(proxy.keyFetches()).toBe(1)

      // The hub rolls its key: the first token of the new key within the gap is refused (the rate
      // limit holds), and once the gap has passed it triggers the refresh and is accepted.
      await rollSigningKey(hub.db, { sealKey: TEST_SEAL_KEY, legacySecret: undefined })
      const fresh = await token(600)
      expect(fresh.kid).not.toBe(old.kid)
      await expect(hello(agent, fresh.token)).rejects.toThrow(/does not have/)
      expect(proxy.keyFetches()).toBe(1)
      clock.advance(30_000)
      expect(await hello(agent, fresh.token)).toBe('operator')
      expect(proxy.keyFetches()).toBe(2)
      expect(agent.hubKeys?.knownKids().sort()).toEqual([old.kid, fresh.kid].sort())
      // The old key's token still verifies, until it expires (60 s + the 30 s clock tolerance).
      expect(await hello(agent, old.token)).toBe('operator')
      clock.advance(61_000)
      await expect(hello(agent, old.token)).rejects.toThrow(/expired/)
      expect(await hello(agent, fresh.token)).toBe('operator')

      // The timer refreshes a set older than the interval (10 minutes by default).
      clock.advance(600_000)
      await vi.waitFor(() => expect(proxy.keyFetches()).toBe(3), { timeout: 30_000, interval: 50 })

      // The hub goes away and the agent restarts: the cached file still verifies the token.
      await agent.stop()
      await proxy.close()
      await hub.hub.app.close()
      // (A clock at the hub's time again: the manual one ran ahead past the fresh token's expiry.)
      agent = await startAgent(config, { clock: new ManualClock(Date.now()) })
      expect(await hello(agent, fresh.token)).toBe('operator')
      const bogus = await signPartToken(stranger.privateKey, {
        partId,
        role: 'owner',
        subject: 'x',
        kid: 'k9',
      })
      await expect(hello(agent, bogus)).rejects.toThrow(/does not have/)
      const warnings = agent.agent.logs.entries({ level: 'warn' }).map((e) => e.message)
      expect(warnings).toContain('cannot fetch the hub keys; using the cached ones')
    } finally {
      await agent.stop()
    }
  })
})
