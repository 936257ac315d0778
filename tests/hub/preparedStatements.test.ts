import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db, SqlParam } from '../../src/hub/db/Db'
import { preparable, sqlLiteral } from '../../src/hub/db/pglitePrepared'
import { describeStorages } from './support/testHub'
import { freshDb } from './support/testStorage'

// Statements run prepared from their second use (PGlite: PREPARE/EXECUTE with each value quoted;
// PostgreSQL: a named statement). A value must come back exactly as it went in, whatever it holds,
// prepared or not: quotes, backslashes, SQL built to break out of a literal.

const NASTY = [
  `it's`,
  `'); DROP TABLE organizations; --`,
  `back\\slash \\' and \\\\`,
  `$1 $$ $tag$ ;`,
  `naïve ✓ 日本`,
  `line\nbreak\ttab`,
]

it('quotes every value as one literal', () => {
  expect(sqlLiteral(null)).toBe('NULL')
  expect(sqlLiteral(`a'b`)).toBe(`'a''b'`)
  expect(sqlLiteral(12)).toBe(`'12'`)
  expect(sqlLiteral(new Date('2020-01-02T03:04:05.000Z'))).toBe(`'2020-01-02T03:04:05.000Z'`)
  expect(preparable('SELECT 1', 0)).toBe(true)
  expect(preparable('CREATE TABLE t (a int)', 0)).toBe(false)
  expect(preparable('SELECT 1; SELECT 2', 0)).toBe(false)
  expect(preparable('INSERT INTO t VALUES ($1)', 1000)).toBe(false)
})

describeStorages('prepared statements', (storage) => {
  let db: Db
  beforeAll(async () => {
    db = await freshDb(storage)
  })
  afterAll(async () => db?.close())

  it('gives back every value as it went in, on first and later runs', async () => {
    const sql = `SELECT $1::text AS t, $2::int AS n, $3::boolean AS b, $4::timestamptz AS at, $5::text AS z`
    const at = new Date('2021-06-07T08:09:10.123Z')
    for (const text of NASTY) {
      const params: SqlParam[] = [text, 42, true, at, null]
      for (let run = 0; run < 3; run++) {
        const rows = await db.query<{ t: string; n: number; b: boolean; at: Date; z: null }>(sql, params)
        expect(rows).toEqual([{ t: text, n: 42, b: true, at, z: null }])
      }
    }
  })

  it('writes and reads hostile text through prepared inserts, leaving the tables whole', async () => {
    for (const [i, name] of NASTY.entries()) {
      for (let run = 0; run < 2; run++) {
        await db.query(`INSERT INTO organizations (id, name) VALUES ($1, $2)`, [`org_p${i}_${run}`, name])
      }
    }
    const rows = await db.query<{ id: string; name: string }>(
      `SELECT id, name FROM organizations WHERE id LIKE $1 ORDER BY id`,
      ['org_p%'],
    )
    expect(rows).toHaveLength(NASTY.length * 2)
    for (const row of rows) expect(row.name).toBe(NASTY[Number(row.id.split('_')[1]?.slice(1))])
  })

  it('keeps working inside a transaction that rolls back, and after it', async () => {
    const sql = `SELECT count(*)::int AS n FROM organizations WHERE name = $1`
    await expect(
      db.transaction(async (tx) => {
        await tx.query(sql, ['x'])
        await tx.query(sql, ['x'])
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await db.query(sql, [`it's`])).toEqual([{ n: 2 }])
    expect(await db.query(sql, [`it's`])).toEqual([{ n: 2 }])
  })
})
