import { describe, expect, it } from 'vitest'
import { COLUMNS, PERMISSION_TABLE } from '../../src/shared/access/permissionTable'
import { EXPECTED_ROWS } from '../shared/access/fixtures/expectedCells'
import { parseSeedTables, readSeed } from './seedTables'

// The project's fixture of the permission tables against the seed document it was written from, and
// the product's table against the seed directly, so neither can drift from the specification unseen.
const seedRows = parseSeedTables(readSeed())

describe('the permission-table fixture against the seed document', () => {
  it('holds exactly the seed rows, in order, with every cell text as the seed writes it', () => {
    expect(EXPECTED_ROWS.map((r) => ({ section: r.section, label: r.label, cells: [...r.cells] }))).toEqual(
      seedRows.map((r) => ({ section: r.section, label: r.label, cells: r.cells })),
    )
  })

  it('has a missing cell only where the seed row stops short', () => {
    for (const [i, seed] of seedRows.entries()) {
      const absent = EXPECTED_ROWS[i]?.cells.flatMap((text, c) => (text === '' ? [c] : []))
      const short = COLUMNS.flatMap((_, c) => (c >= seed.written ? [c] : []))
      expect(absent, `seed line ${seed.line}: ${seed.label}`).toEqual(short)
    }
  })

  it("gives the product's table the seed's cell texts", () => {
    expect(PERMISSION_TABLE.map((r) => [r.label, COLUMNS.map((c) => r.cells[c].text)])).toEqual(
      seedRows.map((r) => [r.label, r.cells]),
    )
  })
})
