import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../src/shared/api/syncViews'
import type { LocationId, MachineId } from '../../../src/shared/ids'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { eventually } from '../../support/eventually'
import {
  addMachines,
  motor,
  signUp,
  startSyncHub,
  type HubAccount,
  type HubMachine,
  type SyncHub,
} from './support/syncHub'

// Every kind of local edit reaches the hub: a desktop offline creates a machine (with its main
// part and a config), renames another and moves a third; after the hub returns all reach it once,
// and a second desktop pulls them. A create the hub refuses stays in the outbox, marked rejected,
// and the edits that depend on it are held with the reason.

let hub: SyncHub
let owner: HubAccount
let hall: { locationId: string; machines: HubMachine[] }
let yard: { locationId: string }
const dirs: string[] = []
const desktops: StartedCore[] = []

async function startDesktop(): Promise<StartedCore['core']> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-fleet-edits-'))
  dirs.push(dataDir)
  const started = await startCore({
    dataDir,
    discovery: false,
    syncTuning: { pollMs: 1000, heartbeatMs: 500, timeoutMs: 5000, pageSize: 50 },
  })
  desktops.push(started)
  await started.core.call('hubSignIn', {
    hubUrl: hub.url,
    auth: { kind: 'password', email: owner.email, password: owner.password },
  })
  await until(started.core, 'the first pull is done', (s) =>
    s.connection === 'online' && s.cursor !== null ? s : undefined,
  )
  return started.core
}

const until = <T>(
  core: StartedCore['core'],
  what: string,
  probe: (s: SyncStatus) => T | undefined,
): Promise<T> =>
  eventually(what, async () => probe(await core.call('getSyncStatus', {})), { intervalMs: 100 })

const hubMachines = (): Promise<{ id: string; name: string; location_id: string }[]> =>
  hub.db.query(`SELECT id, name, location_id FROM machines ORDER BY name`)

beforeAll(async () => {
  hub = await startSyncHub()
  owner = await signUp(hub, 'owner@plant.example')
  hall = await addMachines(hub, owner, 'Hall', ['arm', 'belt'])
  yard = await addMachines(hub, owner, 'Yard', [])
})

// Stopping desktops waits for their caches' final snapshots: generous on a loaded machine.
afterAll(async () => {
  await Promise.all(desktops.map((d) => d.stop()))
  await hub?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
}, 90_000)

describe('every kind of local edit syncs', () => {
  it('pushes an offline create (machine, part, config), a rename and a move once; a second desktop pulls them', async () => {
    const a = await startDesktop()
    const [arm, belt] = hall.machines as [HubMachine, HubMachine]
    await hub.stop()
    const made = await a.call('createMachine', { locationId: hall.locationId as LocationId, name: 'crane' })
    expect(made.machineId).toMatch(/^[0-9a-f-]{36}$/)
    const config = { components: [motor('crane-hoist', { max_rpm: 30 })] }
    await a.call('savePartConfig', { partId: made.partId, baseRevision: 0, config })
    await a.call('renameMachine', { machineId: arm.machineId as MachineId, name: 'arm 2' })
    await a.call('moveMachine', {
      machineId: belt.machineId as MachineId,
      locationId: yard.locationId as LocationId,
    })
    // Offline, the cache shows them at once, and all five wait in the outbox.
    const tree = await a.call('getFleetTree', {})
    expect(tree.machines.map((m) => m.name).sort()).toEqual(['arm 2', 'belt', 'crane'])
    expect(tree.machines.find((m) => m.id === belt.machineId)?.locationId).toBe(yard.locationId)
    const offline = await a.call('syncNow', {})
    expect(offline).toMatchObject({ connection: 'offline', pending: 5 })

    await hub.restart()
    await until(a, 'the edits are pushed', (s) =>
      s.connection === 'online' && s.pending === 0 ? s : undefined,
    )
    expect(await hubMachines()).toEqual([
      { id: arm.machineId, name: 'arm 2', location_id: hall.locationId },
      { id: belt.machineId, name: 'belt', location_id: yard.locationId },
      { id: made.machineId, name: 'crane', location_id: hall.locationId },
    ])
    const parts = await hub.db.query<{ id: string; revision: number }>(
      `SELECT id, revision FROM parts WHERE machine_id = $1`,
      [made.machineId],
    )
    expect(parts).toEqual([{ id: made.partId, revision: 1 }])
    expect(await a.call('getPartConfig', { partId: made.partId })).toMatchObject({
      revision: 1,
      config,
      pending: null,
    })
    expect(await a.call('listOutbox', {})).toEqual([])
    // Applied once: one outcome per seq on the hub.
    const outcomes = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM push_outcomes`)
    expect(outcomes[0]?.n).toBe(5)

    const b = await startDesktop()
    const seen = await b.call('getFleetTree', {})
    expect(seen.machines.map((m) => [m.name, m.locationId]).sort()).toEqual([
      ['arm 2', hall.locationId],
      ['belt', yard.locationId],
      ['crane', hall.locationId],
    ])
    expect(await b.call('getPartConfig', { partId: made.partId })).toMatchObject({ revision: 1, config })
  })

  it('keeps a create the hub refuses in the outbox, marked rejected, and holds the edits that need it', async () => {
    const core = desktops[0]?.core
    if (!core) throw new Error('no desktop')
    await hub.stop()
    // The hub demoted the account meanwhile; the desktop's cached identity still says owner.
    await hub.db.query(`UPDATE grants SET role = 'operator' WHERE org_id = $1`, [owner.orgId])
    const made = await core.call('createMachine', {
      locationId: hall.locationId as LocationId,
      name: 'drill',
    })
    await core.call('savePartConfig', { partId: made.partId, baseRevision: 0, config: { components: [] } })
    await hub.restart()
    const s = await until(core, 'the refusal arrives', (st) => (st.rejected >= 3 ? st : undefined))
    expect(s).toMatchObject({ pending: 0, rejected: 3 })
    const outbox = await desktops[0]!.cache.listOutbox()
    expect(outbox.map((e) => [e.kind, e.rejection !== null])).toEqual([
      ['machine.create', true],
      ['part.create', true],
      ['config', true],
    ])
    expect(outbox[0]?.rejection).toMatch(/location\.createMachine.*\[permission-denied\]/)
    expect(outbox[1]?.rejection).toMatch(/waits for machine .* to be created, but the hub refused it/)
    expect((await hubMachines()).map((m) => m.name)).not.toContain('drill')
    // Still on this desktop, where the user can see it and decide.
    expect((await core.call('getFleetTree', {})).machines.map((m) => m.name)).toContain('drill')
  })
})
