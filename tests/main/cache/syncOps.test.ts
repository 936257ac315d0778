import { describe, expect, it } from 'vitest'
import type { MachineConfig } from '../../../src/shared/config/machineConfigSchema'
import type { LocationId, MachineId } from '../../../src/shared/ids'
import { config, makeStore, partId, smallFleet, tempDataDir } from './cacheTestKit'

// The sync engine's writes on a real cache file: feed ops and the cursor in one transaction,
// history kept exact when revisions arrive out of order, removals that take what hangs off.

const revision = (n: number, step = n): Parameters<typeof putRevision>[0] => ({
  n,
  config: config(step) as MachineConfig,
})
const putRevision = (r: { n: number; config: MachineConfig }) =>
  ({
    op: 'putRevision',
    partId: partId('m-1-p1'),
    revision: r.n,
    author: 'hub',
    createdAt: `2026-02-0${r.n % 10}T00:00:00.000Z`,
    source: 'hub',
    config: r.config,
  }) as const

describe('sync ops in the cache', () => {
  it('keeps every revision readable as it was when a newer one slides in above patch-encoded history', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir })
    await store.open()
    // Revisions 1 and 3 of m-1-p1: 3 in full, 1 as a patch from 3 (2 was never cached).
    const fleet = smallFleet(3)
    fleet.revisions = fleet.revisions.filter((r) => !(r.partId === 'm-1-p1' && r.revision === 2))
    await store.importFleet(fleet)
    const before = await Promise.all([1, 3].map((r) => store.getRevision(partId('m-1-p1'), r)))
    // 2 arrives late, with a key 1 and 3 lack: 1's patch must still rebuild 1, not 1 plus that key.
    const two = { n: 2, config: config(2, { debug: true }) as MachineConfig }
    await store.applySync([putRevision(revision(5)), putRevision(revision(4)), putRevision(two)], 17)
    expect((await store.getRevision(partId('m-1-p1'), 1))?.config).toEqual(before[0]?.config)
    expect((await store.getRevision(partId('m-1-p1'), 3))?.config).toEqual(before[1]?.config)
    expect((await store.getRevision(partId('m-1-p1'), 2))?.config).toEqual(two.config)
    expect((await store.getRevision(partId('m-1-p1'), 4))?.config).toEqual(config(4))
    // An older revision arriving late never lowers the part's revision.
    expect(await store.getPartConfig(partId('m-1-p1'))).toMatchObject({ revision: 5, config: config(5) })
    expect((await store.syncState()).cursor).toBe(17)
    // Durable with its cursor: reopened, the same.
    await store.close()
    const again = makeStore({ dataDir })
    await again.open()
    expect((await again.syncState()).cursor).toBe(17)
    expect((await again.getRevision(partId('m-1-p1'), 4))?.config).toEqual(config(4))
  })

  it('takes a location out with the locations and machines under it, and leaves the rest', async () => {
    const store = makeStore({ dataDir: tempDataDir() })
    await store.open()
    await store.importFleet(smallFleet(1))
    await store.applySync([{ op: 'remove', what: 'location', id: 'loc-1-1' }], 3)
    const index = await store.getFleetIndex()
    expect(index.locations.map((l) => l.id)).toEqual(['loc-1'])
    expect(index.machines.map((m) => m.id)).toEqual(['m-2'])
    expect(index.parts.map((p) => p.id)).toEqual(['m-2-p1'])
    expect(await store.getHistory(partId('m-1-p1'))).toEqual([])
  })

  it('merges patches into what it holds, creates only from a whole entity, keeps one main part', async () => {
    const store = makeStore({ dataDir: tempDataDir() })
    await store.open()
    await store.importFleet(smallFleet(1))
    await store.applySync(
      [
        { op: 'putMachine', id: 'm-1' as MachineId, create: null, patch: { name: 'arm renamed' } },
        // Nothing to create from: dropped.
        { op: 'putMachine', id: 'm-9' as MachineId, create: null, patch: { name: 'ghost' } },
        { op: 'putPart', id: partId('m-1-p2'), create: null, patch: { isMain: true } },
        { op: 'shareLocation', id: 'loc-1' as LocationId, orgId: 'org-c' as never, shared: true },
      ],
      4,
    )
    const index = await store.getFleetIndex()
    expect(index.machines.find((m) => m.id === 'm-1')).toMatchObject({
      name: 'arm renamed',
      version: '0.42.1',
    })
    expect(index.machines.some((m) => m.id === 'm-9')).toBe(false)
    expect(index.parts.filter((p) => p.machineId === 'm-1').map((p) => [p.id, p.isMain])).toEqual([
      ['m-1-p1', false],
      ['m-1-p2', true],
    ])
    expect(index.locations[0]?.sharedWith).toEqual(['org-b', 'org-c'])
  })

  it('empties the fleet for a first pull but keeps the outbox, the settings and the client id', async () => {
    const store = makeStore({ dataDir: tempDataDir() })
    await store.open()
    await store.importFleet(smallFleet(1))
    const { clientId } = await store.syncState()
    await store.saveLocalEdit({
      partId: partId('m-1-p1'),
      baseRevision: 1,
      config: config(9) as MachineConfig,
      author: 'ada',
    })
    await store.putSetting('kept', true)
    await store.applySync([{ op: 'clearFleet' }], 0)
    expect(await store.isEmpty()).toBe(true)
    expect((await store.listOutbox()).length).toBe(1)
    expect(await store.getSetting('kept')).toBe(true)
    expect(await store.syncState()).toEqual({ cursor: 0, clientId })
  })

  it('makes a new client id for a new cache file, so sequence numbers never collide', async () => {
    const a = makeStore({ dataDir: tempDataDir() })
    const b = makeStore({ dataDir: tempDataDir() })
    await a.open()
    await b.open()
    const [ida, idb] = [(await a.syncState()).clientId, (await b.syncState()).clientId]
    expect(ida).not.toBe(idb)
    expect((await a.syncState()).clientId).toBe(ida)
  })
})
