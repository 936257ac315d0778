import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/agent/runtime/Clock'
import { createSerialTransport, type SerialTransport } from '../../../src/agent/transports/serialTransport'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { IDENTITY_SETTING } from '../../../src/main/core/loadIdentity'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'
import { MOTOR_CONFIG, SECRET, startHarness, type Harness } from '../../agent/agentHarness'
import { smallFleet } from '../cache/cacheTestKit'

// Offline config at the bench: no network, a robot the cached fleet knows plugged in by USB (a
// real pty, a real Agent on the other end). The owner's edit goes the same way as over the LAN:
// saved into the cache and the outbox with its base revision, then applied over the session.

const PART = 'm-1-p1'
let dataDir: string | undefined
let started: StartedCore | undefined
let harness: Harness | undefined
let transport: SerialTransport | undefined
let pair: PtyPair | undefined
afterEach(async () => {
  await started?.stop()
  await transport?.stop()
  await harness?.agent.close()
  await pair?.dispose()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  started = harness = transport = pair = dataDir = undefined
})

describe('offline config over a serial session', () => {
  it('applies an owner’s edit on the robot and keeps it in the cache and the outbox with its base revision', async () => {
    harness = await startHarness({ clock: systemClock(), partId: PART })
    pair = await createPtyPair()
    transport = createSerialTransport({ path: pair.b, baudRate: 115200, banner: 'arm-1 agent\r\n' })
    await transport.start(harness.agent)

    dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-serial-config-'))
    started = await startCore({ dataDir, discovery: false })
    const { core, cache } = started
    await cache.importFleet(smallFleet())
    await cache.putSetting(IDENTITY_SETTING, 'Ada@Fleetdesk.test')
    await core.reload()

    const session = await core.call('connectRobot', {
      partId: PART,
      address: { path: pair.a, baudRate: 115200 },
      auth: { kind: 'secret', secret: SECRET, remember: false },
    })
    expect(session).toMatchObject({ state: 'live', via: 'serial', machineId: 'm-1', role: 'owner' })

    const before = await core.call('getPartConfig', { partId: PART })
    expect(before.pending).toBeNull()
    const edit = {
      ...MOTOR_CONFIG,
      components: MOTOR_CONFIG.components.filter((c) => c.name !== 'arm'),
    }
    await core.call('savePartConfig', { partId: PART, baseRevision: before.revision, config: edit })
    const applied = await core.call('applyConfigToRobot', { partId: PART })

    // On the robot: it runs the edit.
    expect(harness.agent.status().resources.map((r) => r.name)).toEqual(['left', 'rover', 'air'])
    expect(applied.revision).toBeGreaterThan(0)
    // In the cache: the edit, based on the revision the owner saw.
    const after = await core.call('getPartConfig', { partId: PART })
    expect(after.config).toEqual(edit)
    expect(after.pending).toMatchObject({ baseRevision: before.revision })
    // In the outbox, waiting for the hub.
    const outbox = await core.call('listOutbox', {})
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ partId: PART, machineId: 'm-1', baseRevision: before.revision })
    expect((await core.call('getStatus', {})).pendingCount).toBe(1)
  }, 60_000)
})
