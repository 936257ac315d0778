import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HISTORY_LIMIT } from '../../../src/main/cache/types'
import type { LogEntry, Revision } from '../../../src/shared/domain/model'
import type { FragmentId } from '../../../src/shared/ids'
import { config, machineId, makeStore, partId, smallFleet, tempDataDir } from './cacheTestKit'
import { isConfigEntry } from '../../../src/main/cache/OutboxEdit'

async function openStore(
  dataDir = tempDataDir(),
  options: { logCap?: number } = {},
): Promise<ReturnType<typeof makeStore>> {
  const store = makeStore({ dataDir, ...options })
  await store.open()
  return store
}

describe('createCacheStore', () => {
  it('starts empty and reports an empty open', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir })
    const report = await store.open()
    expect(report.notices).toEqual([])
    expect(report.replayed).toBe(0)
    expect(report.openMs).toBeGreaterThan(0)
    expect(await store.isEmpty()).toBe(true)
    expect(await store.getFleetIndex()).toEqual({ orgs: [], locations: [], machines: [], parts: [] })
    expect(await store.listOutbox()).toEqual([])
    expect(await store.getPartConfig(partId('nope'))).toEqual({
      partId: 'nope',
      revision: 0,
      config: null,
      pending: null,
    })
    await store.close()
    expect(readdirSync(dataDir).sort()).toEqual(['cache.sqlite', 'logs.sqlite'])
  })

  it('round-trips a whole fleet import through every getter', async () => {
    const store = await openStore()
    const fleet = smallFleet(3)
    const progress: number[] = []
    await store.importFleet(fleet, (f) => progress.push(f))
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(1)

    expect(await store.isEmpty()).toBe(false)
    const index = await store.getFleetIndex()
    expect(index.orgs).toEqual(fleet.orgs)
    expect(index.locations).toEqual(fleet.locations)
    expect(index.machines).toEqual(fleet.machines)
    // Each part's revision is its highest imported one (0 without history).
    expect(index.parts).toEqual(fleet.parts.map((p) => ({ ...p, revision: p.id === 'm-2-p1' ? 0 : 3 })))
    expect(await store.getUsers()).toEqual(fleet.users)
    expect(await store.getUserByEmail('ada@FLEETDESK.test')).toEqual(fleet.users[0])
    expect(await store.getUserByEmail('nobody@fleetdesk.test')).toBeNull()
    expect(await store.getGrants()).toEqual(fleet.grants)
    expect(await store.getApiKeys()).toEqual(fleet.apiKeys)
    expect(await store.getFragments()).toEqual(fleet.fragments)
    expect(await store.getFragmentRevisions('frag-1' as FragmentId)).toEqual(fleet.fragmentRevisions)
    expect(await store.getPackages()).toEqual(fleet.packages)

    const part = partId('m-1-p1')
    const current = await store.getPartConfig(part)
    expect(current).toEqual({ partId: part, revision: 3, config: config(3, { part }), pending: null })
    const history = await store.getHistory(part)
    expect(history.map((h) => h.revision)).toEqual([3, 2, 1])
    const { config: _c, ...meta } = fleet.revisions.find(
      (r) => r.partId === part && r.revision === 1,
    ) as Revision
    expect(history[2]).toEqual(meta)
    for (const rev of fleet.revisions) expect(await store.getRevision(rev.partId, rev.revision)).toEqual(rev)
    expect(await store.getRevision(part, 99)).toBeNull()
    expect(await store.getRevision(part, 0)).toBeNull()
  })

  it('keeps the newest HISTORY_LIMIT revisions per part, as patches, and rebuilds each exactly', async () => {
    const store = await openStore()
    const fleet = smallFleet(HISTORY_LIMIT + 5)
    // Shuffle: the import must not depend on the order the hub listed revisions in.
    fleet.revisions.reverse()
    await store.importFleet(fleet)
    const part = partId('m-1-p2')
    const history = await store.getHistory(part)
    expect(history).toHaveLength(HISTORY_LIMIT)
    expect(history[0]?.revision).toBe(HISTORY_LIMIT + 5)
    expect(history.at(-1)?.revision).toBe(6)
    expect(await store.getRevision(part, 5)).toBeNull()
    for (const meta of history) {
      const expected = fleet.revisions.find(
        (r) => r.partId === part && r.revision === meta.revision,
      ) as Revision
      const got = await store.getRevision(part, meta.revision)
      expect(JSON.stringify(got?.config)).toBe(JSON.stringify(expected.config))
    }
  })

  it('assigns outbox seqs in call order, shows a save to reads issued right after it, and keeps the newest as pending', async () => {
    const store = await openStore()
    await store.importFleet(smallFleet())
    const part = partId('m-1-p1')
    const saves = [1, 2, 3, 4, 5].map((n) =>
      store.saveLocalEdit({ partId: part, baseRevision: 3, config: config(100 + n), author: 'ada' }),
    )
    // Issued before any save resolved: must see all five.
    const outboxRead = store.listOutbox()
    const pendingRead = store.getPartConfig(part)
    const entries = await Promise.all(saves)
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(entries[0]).toMatchObject({
      partId: part,
      baseRevision: 3,
      author: 'ada',
      rejection: null,
      config: config(101),
    })
    expect((await outboxRead).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(await outboxRead).toEqual(entries)
    const cached = await pendingRead
    expect(cached.pending).toEqual(entries[4])
    expect(cached.config).toEqual(config(3, { part }))

    await store.saveLocalEdit({ partId: partId('m-2-p1'), baseRevision: 0, config: config(7), author: 'bo' })
    expect(await store.pendingCountsByMachine()).toEqual(
      new Map([
        [machineId('m-1'), 5],
        [machineId('m-2'), 1],
      ]),
    )
  })

  it('returns a copy of the saved config, unaffected by later changes to the caller object', async () => {
    const store = await openStore()
    const mine = config(1)
    const entry = await store.saveLocalEdit({
      partId: partId('p'),
      baseRevision: 0,
      config: mine,
      author: 'a',
    })
    mine.network = 'changed'
    expect(entry.config).toEqual(config(1))
    expect((await store.listOutbox()).filter(isConfigEntry)[0]?.config).toEqual(config(1))
  })

  it('marks rejections, removes entries, and never reuses a seq, also across reopen', async () => {
    const dataDir = tempDataDir()
    let store = await openStore(dataDir)
    const part = partId('m-1-p1')
    for (let i = 0; i < 3; i++)
      await store.saveLocalEdit({ partId: part, baseRevision: 1, config: config(i), author: 'a' })
    await store.markOutboxRejected(2, 'base revision 1 is gone')
    await store.removeOutboxEntries([1, 3])
    expect(await store.listOutbox()).toMatchObject([{ seq: 2, rejection: 'base revision 1 is gone' }])
    await store.removeOutboxEntries([2])
    await store.close()

    store = await openStore(dataDir)
    expect(await store.listOutbox()).toEqual([])
    const next = await store.saveLocalEdit({ partId: part, baseRevision: 1, config: config(9), author: 'a' })
    expect(next.seq).toBe(4)
  })

  it('stores settings as JSON values, null removing them', async () => {
    const store = await openStore()
    expect(await store.getSetting('missing')).toBeNull()
    await store.putSetting('identity', 'ada@fleetdesk.test')
    await store.putSetting('ui', { theme: 'dark', panels: [1, 2], nested: { ok: true } })
    await store.putSetting('count', 0)
    expect(await store.getSetting<string>('identity')).toBe('ada@fleetdesk.test')
    expect(await store.getSetting('ui')).toEqual({ theme: 'dark', panels: [1, 2], nested: { ok: true } })
    expect(await store.getSetting('count')).toBe(0)
    await store.putSetting('identity', null)
    expect(await store.getSetting('identity')).toBeNull()
  })

  it('importing again replaces the fleet but keeps the outbox and settings', async () => {
    const store = await openStore()
    await store.importFleet(smallFleet())
    await store.putSetting('k', 1)
    await store.saveLocalEdit({ partId: partId('m-1-p1'), baseRevision: 3, config: config(5), author: 'a' })
    const second = smallFleet(1)
    second.machines = second.machines.slice(0, 1)
    second.parts = second.parts.slice(0, 2)
    await store.importFleet(second)
    const index = await store.getFleetIndex()
    expect(index.machines.map((m) => m.id)).toEqual(['m-1'])
    expect(index.parts.map((p) => p.revision)).toEqual([1, 1])
    expect(await store.getHistory(partId('m-1-p1'))).toHaveLength(1)
    expect(await store.listOutbox()).toHaveLength(1)
    expect(await store.getSetting('k')).toBe(1)
  })

  it('rejects an import whose data cannot be stored, and keeps the previous fleet', async () => {
    const store = await openStore()
    await store.importFleet(smallFleet())
    const broken = smallFleet()
    broken.machines.push({
      ...(broken.machines[0] as (typeof broken.machines)[number]),
      id: machineId('m-3'),
    })
    ;(broken.revisions[4] as { config: unknown }).config = undefined
    await expect(store.importFleet(broken)).rejects.toThrow(/Revision 2 of part m-1-p2 has no config object/)
    // A value JSON cannot hold fails too.
    ;(broken.revisions[4] as { config: unknown }).config = { big: 1n }
    await expect(store.importFleet(broken)).rejects.toThrow(/BigInt/)
    // Failing in the worker (a part without a machine) rolls the transaction back as well.
    const orphan = smallFleet()
    ;(orphan.parts[0] as { machineId: unknown }).machineId = undefined
    await expect(store.importFleet(orphan)).rejects.toThrow(/NOT NULL constraint failed: parts.machine_id/)
    const chunked = smallFleet(HISTORY_LIMIT)
    ;(chunked.parts[1] as { machineId: unknown }).machineId = null
    await expect(store.importFleet(chunked)).rejects.toThrow(/NOT NULL/)
    expect((await store.getFleetIndex()).machines).toHaveLength(2)
    expect(await store.getRevision(partId('m-1-p1'), 1)).toEqual(smallFleet().revisions[0])
  })

  it('keeps everything across close and reopen', async () => {
    const dataDir = tempDataDir()
    let store = await openStore(dataDir)
    const fleet = smallFleet(4)
    await store.importFleet(fleet)
    await store.putSetting('identity', 'bo@fleetdesk.test')
    const entry = await store.saveLocalEdit({
      partId: partId('m-1-p2'),
      baseRevision: 4,
      config: config(42),
      author: 'bo',
    })
    await store.markOutboxRejected(entry.seq, 'conflict')
    const logs: LogEntry[] = [
      {
        partId: partId('m-1-p1'),
        time: '2026-01-01T00:00:00.000Z',
        level: 'info',
        logger: 'x',
        message: 'hello',
        fields: { a: 1 },
      },
    ]
    await store.appendLogs(logs)
    await store.close()

    store = await openStore(dataDir)
    expect((await store.getFleetIndex()).machines).toEqual(fleet.machines)
    expect(await store.getSetting('identity')).toBe('bo@fleetdesk.test')
    expect(await store.listOutbox()).toEqual([{ ...entry, rejection: 'conflict' }])
    expect(await store.getRevision(partId('m-1-p1'), 2)).toEqual(fleet.revisions[1])
    expect(await store.queryLogs({ partId: partId('m-1-p1'), limit: 10 })).toEqual(logs)
    expect(await store.getGrants()).toEqual(fleet.grants)
  })

  it('queries logs newest first with level, time and limit filters', async () => {
    const store = await openStore()
    const part = partId('p1')
    const levels = ['debug', 'info', 'warn', 'error'] as const
    const logs: LogEntry[] = Array.from({ length: 40 }, (_, i) => ({
      partId: i % 4 === 3 ? partId('p2') : part,
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      level: levels[i % 4] as LogEntry['level'],
      logger: 'rdk',
      message: `m${i}`,
      fields: { i },
    }))
    await store.appendLogs(logs)
    const mine = logs.filter((l) => l.partId === part).reverse()
    expect(await store.queryLogs({ partId: part, limit: 5 })).toEqual(mine.slice(0, 5))
    expect(await store.queryLogs({ partId: part, limit: 100, levels: ['warn'] })).toEqual(
      mine.filter((l) => l.level === 'warn'),
    )
    expect(await store.queryLogs({ partId: part, limit: 100, levels: [] })).toEqual([])
    const before = logs[20]?.time as string
    expect(await store.queryLogs({ partId: part, limit: 3, before })).toEqual(
      mine.filter((l) => l.time < before).slice(0, 3),
    )
  })

  it('caps the log database, dropping the oldest arrivals', async () => {
    const store = await openStore(tempDataDir(), { logCap: 50 })
    const part = partId('p')
    const logs = (from: number, n: number): LogEntry[] =>
      Array.from({ length: n }, (_, k) => ({
        partId: part,
        time: new Date(Date.UTC(2026, 0, 1) + (from + k) * 1000).toISOString(),
        level: 'info' as const,
        logger: 'l',
        message: String(from + k),
        fields: {},
      }))
    await store.appendLogs(logs(0, 30))
    await store.appendLogs(logs(30, 45))
    const kept = await store.queryLogs({ partId: part, limit: 1000 })
    expect(kept).toHaveLength(50)
    expect(kept.at(-1)?.message).toBe('25')
    expect(kept[0]?.message).toBe('74')
  })

  it('reports stats and writes snapshots on request', async () => {
    const store = await openStore()
    await store.importFleet(smallFleet())
    await store.saveLocalEdit({ partId: partId('m-1-p1'), baseRevision: 3, config: config(1), author: 'a' })
    let stats = await store.stats()
    expect(stats.journalBytes).toBeGreaterThan(0)
    expect(stats.mainDbBytes).toBeGreaterThan(0)
    expect(stats.lastSnapshotMs).toEqual(expect.any(Number))
    await store.snapshot()
    stats = await store.stats()
    // The snapshot covers the edit, so its journal segment is gone.
    expect(stats.journalBytes).toBe(0)
    expect(stats.backgroundError).toBeNull()
    expect(readdirSync(store.dataDir).filter((f) => f.startsWith('journal-'))).toEqual([])
  })

  it('writes a snapshot in the background after changes stop', async () => {
    const store = makeStore({ dataDir: tempDataDir(), snapshotDelayMs: 50, snapshotMaxDelayMs: 200 })
    await store.open()
    await store.saveLocalEdit({ partId: partId('p'), baseRevision: 0, config: config(1), author: 'a' })
    expect((await store.stats()).journalBytes).toBeGreaterThan(0)
    await expect.poll(async () => (await store.stats()).journalBytes, { timeout: 5000, interval: 50 }).toBe(0)
  })

  it('refuses calls before open and after close', async () => {
    const store = makeStore({ dataDir: tempDataDir() })
    await expect(store.listOutbox()).rejects.toThrow(/not open/)
    await store.open()
    await store.close()
    await expect(store.listOutbox()).rejects.toThrow(/closed/)
    await expect(
      store.saveLocalEdit({ partId: partId('p'), baseRevision: 0, config: {}, author: 'a' }),
    ).rejects.toThrow(/closed/)
    await store.close()
  })
})
