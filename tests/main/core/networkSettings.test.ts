import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimFleet, type SimFleet } from '../../../src/agent/sim/startSimFleet'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { listNetworkInterfaces } from '../../../src/main/core/networkSettings'
import type { NearbyRobot } from '../../../src/shared/api/robotViews'
import { CoreError } from '../../../src/shared/errors/CoreError'
import { eventually, nextEvent } from '../../support/eventually'

// The network settings on a real core with a simulated robot: loopback only. Discovery moves from
// 127.0.0.1 to the interface named "lo" (the same loopback), never to a real interface.
let dataDir: string
let simDir: string
let started: StartedCore
let sim: SimFleet

const refusal = async (p: Promise<unknown>): Promise<CoreError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(CoreError)
  return err as CoreError
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-netsettings-'))
  simDir = mkdtempSync(join(tmpdir(), 'fleetdesk-netsettings-sim-'))
  started = await startCore({ dataDir })
  sim = await startSimFleet({ count: 1, seed: `netsettings-${process.pid}`, dataDir: simDir })
})
afterAll(async () => {
  await started?.stop()
  await sim?.stop()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(simDir, { recursive: true, force: true })
})

const agentSeen = (list: NearbyRobot[]): boolean => list.some((n) => n.partId === sim.agents[0]!.partId)

describe('network settings in the core', () => {
  it('lists this computer’s interfaces, loopback among them, and says discovery runs on loopback by default', async () => {
    const info = await started.core.call('listNetworkInterfaces', {})
    expect(info.interfaces).toContainEqual({
      name: 'lo',
      address: '127.0.0.1',
      family: 'IPv4',
      internal: true,
    })
    expect(info.interfaces[0]?.internal).toBe(true)
    expect(info.discovery).toMatchObject({ setting: '127.0.0.1', running: true, error: null })
    expect(info.discovery.address).toBe('127.0.0.1')
    const settings = await started.core.call('getSettings', {})
    expect(settings).toMatchObject({ discoveryInterface: '127.0.0.1', iceNetworks: 'loopback' })
  })

  it('restarts discovery when the interface changes (127.0.0.1 to lo), and finds the robot again', async () => {
    await eventually('robot discovered on 127.0.0.1', async () =>
      agentSeen(await started.core.call('listNearby', {})) ? true : undefined,
    )
    const emptied = nextEvent<NearbyRobot[]>(
      'discovery stopped',
      (l) => started.core.events.on('nearby', l),
      (list) => list.length === 0,
    )
    const saved = await started.core.call('updateSettings', { discoveryInterface: 'lo' })
    expect(saved.discoveryInterface).toBe('lo')
    await emptied
    // A new browser on "lo" asks who is there and hears the robot again.
    await eventually('robot found again on lo', async () =>
      agentSeen(await started.core.call('listNearby', {})) ? true : undefined,
    )
    const info = await started.core.call('listNetworkInterfaces', {})
    expect(info.discovery).toMatchObject({ setting: 'lo', address: '127.0.0.1', running: true })
    expect(await started.cache.getSetting('settings')).toMatchObject({ discoveryInterface: 'lo' })
  })

  it('refuses an interface this computer does not have, saves nothing and keeps discovering', async () => {
    let emptiedAgain = false
    const off = started.core.events.on('nearby', (list) => {
      if (list.length === 0) emptiedAgain = true
    })
    try {
      const err = await refusal(started.core.call('updateSettings', { discoveryInterface: 'no-such-if0' }))
      expect(err.code).toBe('invalid-argument')
      expect(err.fieldErrors).toEqual([
        {
          path: '$.discoveryInterface',
          message: expect.stringContaining('no interface named "no-such-if0"'),
        },
      ])
      expect(err.message).toContain('127.0.0.1 (lo)')
      expect((await started.core.call('getSettings', {})).discoveryInterface).toBe('lo')
      expect(agentSeen(await started.core.call('listNearby', {}))).toBe(true)
      expect(emptiedAgain).toBe(false)
    } finally {
      off()
    }
  })

  it('refuses a bad CIDR with the reason, and a good one is saved normalized', async () => {
    const err = await refusal(started.core.call('updateSettings', { iceNetworks: 'loopback, 10.0.0.0/33' }))
    expect(err.code).toBe('invalid-argument')
    expect(err.fieldErrors?.[0]).toMatchObject({ path: '$.iceNetworks' })
    expect(err.message).toMatch(/10\.0\.0\.0\/33: the prefix after "\/" must be a number from 0 to 32/)
    expect((await started.core.call('getSettings', {})).iceNetworks).toBe('loopback')
    const saved = await started.core.call('updateSettings', { iceNetworks: ' LOOPBACK 10.20.0.0/16' })
    expect(saved.iceNetworks).toBe('loopback, 10.20.0.0/16')
  })

  it('new sessions use the new WebRTC networks: none on loopback fails, loopback connects', async () => {
    const agent = sim.agents[0]!
    await started.core.call('updateSettings', { iceNetworks: '10.20.0.0/16' })
    const err = await refusal(
      started.core.call('connectRobot', {
        partId: agent.partId,
        auth: { kind: 'secret', secret: agent.secret, remember: false },
      }),
    )
    expect(err.message).not.toBe('')
    await started.core.call('disconnectRobot', { partId: agent.partId })
    await started.core.call('updateSettings', { iceNetworks: 'loopback' })
    const view = await started.core.call('connectRobot', {
      partId: agent.partId,
      auth: { kind: 'secret', secret: agent.secret, remember: false },
    })
    expect(view.state).toBe('live')
    await started.core.call('disconnectRobot', { partId: agent.partId })
  }, 60_000)
})

describe('listNetworkInterfaces', () => {
  it('flattens os.networkInterfaces(), loopback first', () => {
    const raw = {
      eth0: [{ address: '10.1.2.3', family: 'IPv4', internal: false }],
      lo: [
        { address: '127.0.0.1', family: 'IPv4', internal: true },
        { address: '::1', family: 'IPv6', internal: true },
      ],
    } as unknown as Parameters<typeof listNetworkInterfaces>[0]
    expect(listNetworkInterfaces(raw)).toEqual([
      { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
      { name: 'lo', address: '::1', family: 'IPv6', internal: true },
      { name: 'eth0', address: '10.1.2.3', family: 'IPv4', internal: false },
    ])
  })
})
