import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeFrame } from '../../../src/main/cache/journal/journalFormat'
import { config, makeStore, partId, smallFleet, tempDataDir } from './cacheTestKit'
import { isConfigEntry } from '../../../src/main/cache/OutboxEdit'

/** No background snapshots during the test: only what the journal holds survives a crash. */
const NO_SNAPSHOTS = { snapshotDelayMs: 3_600_000, snapshotMaxDelayMs: 3_600_000 }

const journalFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /^journal-\d+\.log$/.test(f))
    .sort()

async function saveEdits(
  store: ReturnType<typeof makeStore>,
  from: number,
  count: number,
): Promise<number[]> {
  const seqs: number[] = []
  for (let i = from; i < from + count; i++) {
    const entry = await store.saveLocalEdit({
      partId: partId(`p${i % 3}`),
      baseRevision: i,
      config: config(i),
      author: 'ada',
    })
    seqs.push(entry.seq)
  }
  return seqs
}

describe('journal replay', () => {
  it('recovers every saved edit and setting after a crash without any snapshot', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await store.open()
    const seqs = await saveEdits(store, 0, 25)
    await store.putSetting('identity', 'ada')
    await store.markOutboxRejected(3, 'nope')
    await store.crash()
    expect(existsSync(join(dataDir, 'cache.sqlite'))).toBe(false)

    const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
    const report = await reopened.open()
    expect(report.replayed).toBe(27)
    expect(report.notices).toEqual([])
    const outbox = (await reopened.listOutbox()).filter(isConfigEntry)
    expect(outbox.map((e) => e.seq)).toEqual(seqs)
    outbox.forEach((e, i) => expect(e.config).toEqual(config(i)))
    expect(outbox[2]?.rejection).toBe('nope')
    expect(await reopened.getSetting('identity')).toBe('ada')
    // New seqs continue after the recovered ones.
    expect((await saveEdits(reopened, 100, 1))[0]).toBe(26)
  })

  it('replays only the records after the snapshot, and prunes covered segments', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await store.open()
    await store.importFleet(smallFleet())
    await saveEdits(store, 0, 10)
    await store.snapshot()
    expect(journalFiles(dataDir)).toEqual([])
    await saveEdits(store, 10, 5)
    await store.crash()

    const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
    const report = await reopened.open()
    expect(report.replayed).toBe(5)
    expect((await reopened.listOutbox()).filter(isConfigEntry).map((e) => e.config)).toEqual(
      Array.from({ length: 15 }, (_, i) => config(i)),
    )
    expect((await reopened.getFleetIndex()).machines).toHaveLength(2)
    // The old segment is kept until a snapshot covers it, then deleted.
    expect(journalFiles(dataDir)).toHaveLength(1)
    await reopened.snapshot()
    expect(journalFiles(dataDir)).toEqual([])
  })

  it('cuts a torn tail off with a notice and keeps the records before it', async () => {
    for (const tail of ['garbage', 'partial-frame', 'short-header'] as const) {
      const dataDir = tempDataDir()
      const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
      await store.open()
      await saveEdits(store, 0, 6)
      await store.crash()
      const [segment] = journalFiles(dataDir)
      const path = join(dataDir, segment as string)
      const goodSize = statSync(path).size
      const frame = encodeFrame(JSON.stringify({ kind: 'setting', seq: 7, key: 'k', value: 'v'.repeat(100) }))
      if (tail === 'garbage')
        appendFileSync(path, Buffer.from('\x00\xff garbage that is not a frame \x13\x37'))
      if (tail === 'partial-frame') appendFileSync(path, frame.subarray(0, frame.length - 20))
      if (tail === 'short-header') appendFileSync(path, frame.subarray(0, 5))

      const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
      const report = await reopened.open()
      expect(report.notices).toHaveLength(1)
      expect(report.notices[0]).toMatchObject({ kind: 'journal-tail-truncated', file: path })
      expect(report.notices[0]?.message).toMatch(/6 complete records before them were kept/)
      expect(statSync(path).size).toBe(goodSize)
      expect((await reopened.listOutbox()).filter(isConfigEntry).map((e) => e.config)).toEqual(
        Array.from({ length: 6 }, (_, i) => config(i)),
      )
      expect(await reopened.getSetting('k')).toBeNull()
      await reopened.close()
    }
  })

  it('replays an edit journaled before outbox kinds existed as a config edit, and a rename beside it', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await store.open()
    await saveEdits(store, 0, 1)
    await store.crash()
    const [segment] = journalFiles(dataDir)
    // As an older Fleetdesk wrote it: no `kind` in the entry.
    const old = {
      seq: 2,
      partId: 'p-old',
      baseRevision: 4,
      config: config(9),
      author: 'a',
      savedAt: 't',
      rejection: null,
    }
    appendFileSync(
      join(dataDir, segment as string),
      encodeFrame(JSON.stringify({ kind: 'edit', seq: 2, entry: old })),
    )
    const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await reopened.open()
    const rename = await reopened.saveOutboxEdit({
      kind: 'part.rename',
      partId: partId('p-old'),
      name: 'b',
      previousName: 'a',
      author: 'a',
    })
    expect(rename.seq).toBe(3)
    expect((await reopened.listOutbox()).slice(1)).toEqual([{ ...old, kind: 'config' }, { ...rename }])
    await reopened.close()
  })

  it('replays the journal into a fresh cache when the snapshot is unreadable', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await store.open()
    await saveEdits(store, 0, 4)
    await store.crash()
    writeFileSync(join(dataDir, 'cache.sqlite'), 'this is not a database')

    const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
    const report = await reopened.open()
    expect(report.notices.map((n) => n.kind)).toEqual(['moved-aside'])
    expect(report.replayed).toBe(4)
    expect(await reopened.listOutbox()).toHaveLength(4)
  })

  it('deletes temporary snapshot files left by a crash mid-write', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir })
    await store.open()
    await store.close()
    const before = readFileSync(join(dataDir, 'cache.sqlite'))
    writeFileSync(join(dataDir, 'cache.sqlite.tmp-123-1'), before.subarray(0, 100))
    writeFileSync(join(dataDir, 'logs.sqlite.tmp-123-2'), 'x')
    const reopened = makeStore({ dataDir })
    expect((await reopened.open()).notices).toEqual([])
    expect(readdirSync(dataDir).filter((f) => f.includes('.tmp-'))).toEqual([])
  })

  it('groups concurrent saves and keeps their order', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await store.open()
    const entries = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.saveLocalEdit({ partId: partId('p'), baseRevision: 0, config: config(i), author: 'a' }),
      ),
    )
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    await store.crash()
    const reopened = makeStore({ dataDir, ...NO_SNAPSHOTS })
    await reopened.open()
    expect((await reopened.listOutbox()).filter(isConfigEntry).map((e) => e.config)).toEqual(
      entries.map((e) => e.config),
    )
  })
})
