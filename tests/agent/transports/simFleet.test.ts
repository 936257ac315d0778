import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimFleet, type SimFleet } from '../../../src/agent/sim/startSimFleet'
import { simIdentity } from '../../../src/agent/sim/simIdentity'
import { DiscoveryBrowser, type DiscoveredAgent } from '../../../src/main/robots/discovery/DiscoveryBrowser'
import { parseAllowedNetworks } from '../../../src/net/webrtc/candidateFilter'
import { connectWebRtc } from '../../../src/main/robots/webrtc/connectWebRtc'
import { SIGNAL_PATH } from '../../../src/net/webrtc/signalProtocol'
import { RobotClient } from '../../../src/shared/robot/RobotClient'

// The whole LAN path on loopback: simulated agents advertise, the desktop's browser finds them,
// connects over WebRTC to the address mDNS gave, and opens an authenticated robot session.
let fleet: SimFleet
let dataDir: string
const seed = `test-${process.pid}-${Date.now()}`

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-sim-test-'))
  fleet = await startSimFleet({ count: 5, seed, dataDir })
})
afterAll(async () => {
  await fleet.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('simulated fleet', () => {
  it('derives stable, distinct identities from the seed', () => {
    expect(simIdentity('s', 0)).toEqual(simIdentity('s', 0))
    expect(simIdentity('s', 0).partId).not.toBe(simIdentity('s', 1).partId)
    expect(simIdentity('s', 0).partId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(simIdentity('s', 0).secret).toHaveLength(32)
    expect(fleet.agents.map((a) => a.machineName)).toEqual([
      'rover-01',
      'arm-01',
      'station-01',
      'conveyor-01',
      'inspection-01',
    ])
  })

  it('is discovered on loopback, and each agent opens an authenticated session with every resource ready', async () => {
    const browser = new DiscoveryBrowser({ mdns: { interface: '127.0.0.1', bind: '0.0.0.0' } })
    const wanted = new Set(fleet.agents.map((a) => a.partId))
    const found = new Map<string, DiscoveredAgent>()
    const all = new Promise<void>((resolve) =>
      browser.on('up', (agent) => {
        if (wanted.has(agent.partId)) found.set(agent.partId, agent)
        if (found.size === wanted.size) resolve()
      }),
    )
    browser.start()
    try {
      await all
    } finally {
      await browser.dispose()
    }

    for (const sim of fleet.agents) {
      const seen = found.get(sim.partId)!
      expect(seen).toMatchObject({
        machineName: sim.machineName,
        host: '127.0.0.1',
        port: sim.port,
        protocolVersion: 1,
      })
      const channel = await connectWebRtc({
        signalUrl: `http://${seen.host}:${seen.port}${SIGNAL_PATH}`,
        candidateFilter: parseAllowedNetworks('127.0.0.1'),
        timeoutMs: 5000,
      })
      const client = new RobotClient(channel, { clientName: 'sim test' })
      try {
        const hello = await client.hello({ kind: 'secret', partId: sim.partId, secret: sim.secret })
        expect(hello.partId).toBe(sim.partId)
        const status = await client.status()
        expect(status.machineName).toBe(sim.machineName)
        expect(status.resources.length).toBeGreaterThanOrEqual(4)
        expect(status.resources.filter((r) => r.state !== 'ready')).toEqual([])
      } finally {
        client.close()
      }
    }
  })

  it('a component answers over the session', async () => {
    const station = fleet.agents.find((a) => a.machineName === 'station-01')!
    const channel = await connectWebRtc({
      signalUrl: station.signalUrl,
      candidateFilter: parseAllowedNetworks('127.0.0.1'),
      timeoutMs: 5000,
    })
    const client = new RobotClient(channel)
    try {
      await client.hello({ kind: 'secret', partId: station.partId, secret: station.secret })
      const readings = await client.callComponent<'sensor', 'readings'>('air', 'readings', {})
      expect(readings).toMatchObject({
        readings: { humidity_pct: expect.any(Number), temperature_c: expect.any(Number) },
      })
    } finally {
      client.close()
    }
  })
})
