import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../../../src/hub/db/Db'
import { logRowBytes, type LogRowIn } from '../../../src/hub/logs/logSql'
import { insertLogBatch } from '../../../src/hub/logs/logStore'
import type { PartId } from '../../../src/shared/ids'
import { describeStorages } from '../support/testHub'
import { freshDb } from '../support/testStorage'
import { seedWorld, type World } from '../support/world'

// The batch insert on a real database: what each row stores (bytes as the usage page counts them,
// times to the millisecond, ids in batch order), a part that is gone, and the trigger that took
// over the foreign key's cascade (migration 033) on part, machine and organization deletes.

const entry = (i: number, over: Partial<LogRowIn> = {}): LogRowIn => ({
  time: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
  level: 'info',
  logger: 'rdk.motor',
  message: `line ${i}`,
  fields: { i },
  ...over,
})

describeStorages('log batch insert', (storage) => {
  let db: Db
  let world: World
  beforeAll(async () => {
    db = await freshDb(storage)
    world = await seedWorld(db)
  })
  afterAll(async () => db?.close())

  const stored = async (
    partId: string,
  ): Promise<{ id: string; time: Date; message: string; logger: string; fields: unknown; bytes: number }[]> =>
    db.query(
      `SELECT id::text AS id, time, message, logger, fields, bytes FROM part_logs WHERE part_id = $1 ORDER BY part_logs.id`,
      [partId],
    )

  it('stores every row with its bytes, its time to the millisecond, in batch order', async () => {
    const rows: LogRowIn[] = [
      entry(0, {
        message: 'grüße 🤖',
        logger: 'ünï',
        fields: { note: 'ö "quoted" \\ back', n: [1, 2, { x: null }] },
      }),
      entry(1, { time: '2026-01-01T02:00:00.123456+02:00', fields: {} }),
      ...Array.from({ length: 2500 }, (_, i) => entry(i + 2)),
    ]
    await insertLogBatch(db, world.part.pG as PartId, rows)
    const got = await stored(world.part.pG)
    expect(got).toHaveLength(rows.length)
    expect(got.map((r) => r.message)).toEqual(rows.map((r) => r.message))
    for (const [i, r] of got.entries()) {
      const row = rows[i]!
      expect(Number(r.bytes)).toBe(logRowBytes(row, JSON.stringify(row.fields)))
      expect(typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields).toEqual(row.fields)
    }
    expect(new Date(got[1]!.time).toISOString()).toBe('2026-01-01T00:00:00.123Z')
  })

  it('inserts nothing for a part that does not exist, and says so', async () => {
    await expect(insertLogBatch(db, 'prt_gone' as PartId, [entry(1)])).rejects.toThrow(/does not exist/)
    expect(await stored('prt_gone')).toHaveLength(0)
  })

  it('a deleted part, machine or organization takes its logs with it', async () => {
    for (const part of [world.part.pR, world.part.pC, world.part.pS]) {
      await insertLogBatch(db, part as PartId, [entry(1), entry(2)])
    }
    await db.query(`DELETE FROM parts WHERE id = $1`, [world.part.pR])
    expect(await stored(world.part.pR)).toHaveLength(0)
    expect(await stored(world.part.pC)).toHaveLength(2)
    await db.query(`DELETE FROM machines WHERE id = $1`, [world.machine.mC])
    expect(await stored(world.part.pC)).toHaveLength(0)
    expect(await stored(world.part.pS)).toHaveLength(2)
    await db.query(`DELETE FROM organizations WHERE id = $1`, [world.org])
    expect(await stored(world.part.pS)).toHaveLength(0)
    expect(await stored(world.part.pG)).toHaveLength(0)
  })
})
