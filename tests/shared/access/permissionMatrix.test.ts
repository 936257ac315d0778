import { afterAll, describe, expect, it } from 'vitest'
import { can, type ResourceRef } from '../../../src/shared/access/can'
import {
  COLUMNS,
  PERMISSION_TABLE,
  type CellKind,
  type Column,
  type PermissionRow,
  type ResourceKind,
} from '../../../src/shared/access/permissionTable'
import { grantFor, identity, location, machine, O1, O2, path } from './accessWorld'
import { EXPECTED_ROWS, expectedKind, SEED_COLUMNS, type ExpectedRow } from './fixtures/expectedCells'

// The product's permission table against the project's own fixture of the seed's tables (every
// row, every role column), and can() against what each cell means. The fixture is checked against
// the seed document itself by tests/crosscheck/seedMatrix.test.ts.

/** Rows about a role (invite, change, see roles) take the resource of the column's own level. */
function kindFor(row: PermissionRow, column: Column): ResourceKind {
  const [only] = row.appliesTo
  if (row.appliesTo.length === 1 && only) return only
  if (column.startsWith('org')) return 'organization'
  return column.startsWith('location') ? 'location' : 'machine'
}

type MachineRef = ResourceRef & { kind: 'machine' }
const item = (kind: 'data' | 'dataset', orgId = O1, at: MachineRef = machine.mC): ResourceRef => ({
  kind,
  orgId,
  locationPath: at.locationPath,
  machineId: at.machineId,
})

/** Targets inside the reach of the column's grant (O1, location C, machine mC). */
function inside(kind: ResourceKind, row: PermissionRow, expected: CellKind): ResourceRef[] {
  switch (kind) {
    case 'platform':
      return [{ kind: 'platform' }]
    case 'organization':
    case 'fragment':
    case 'package':
      return [{ kind, orgId: O1 }]
    case 'location':
      return row.action === 'location.move'
        ? [{ ...location.G, destinationPath: path.H }]
        : [location.C, location.G]
    case 'machine':
      return [machine.mC]
    case 'data':
      return [item('data')]
    case 'dataset':
      return expected === 'yes' ? [{ kind: 'dataset', orgId: O1 }, item('dataset')] : [item('dataset')]
  }
}

/** Targets in the same org but outside the reach of a location (C) or machine (mC) grant. */
function outsideReach(kind: ResourceKind, row: PermissionRow, column: Column): ResourceRef[] {
  const machineGrant = column.startsWith('machine')
  const roleRow = row.appliesTo.length > 1 ? [{ kind: 'organization', orgId: O1 } as const] : []
  switch (kind) {
    case 'location':
      if (row.action === 'location.move') {
        return [
          { ...location.G, destinationPath: path.S }, // to a location they cannot reach
          { ...location.S, destinationPath: path.H }, // from a location they cannot reach
          { ...location.G, destinationPath: [] }, // to the org's top level
        ]
      }
      return [...roleRow, location.R, location.S]
    case 'machine':
      return [...roleRow, machine.mR, machine.mS]
    case 'data':
    case 'dataset': {
      const fromLocationOnly: ResourceRef = { kind, orgId: O1, locationPath: path.C }
      return [
        { kind, orgId: O1 },
        item(kind, O1, machine.mS),
        item(kind, O1, machine.mR),
        ...(machineGrant ? [fromLocationOnly] : []),
      ]
    }
    default:
      throw new Error(`A scoped cell on ${kind} (${row.action}) has no narrower target to test`)
  }
}

/** The same question asked in the other organization. */
function otherOrg(kind: ResourceKind, row: PermissionRow): ResourceRef[] {
  switch (kind) {
    case 'platform':
      return []
    case 'organization':
    case 'fragment':
    case 'package':
      return [{ kind, orgId: O2 }]
    case 'location':
      return row.action === 'location.move' ? [{ ...location.X, destinationPath: path.X }] : [location.X]
    case 'machine':
      return [machine.mX]
    case 'data':
    case 'dataset':
      return [{ kind, orgId: O2 }, item(kind, O2, machine.mX)]
  }
}

interface CellCase {
  name: string
  expectedRow: ExpectedRow
  column: Column
  text: string
}

const cases: CellCase[] = EXPECTED_ROWS.flatMap((expectedRow) =>
  COLUMNS.map((column, c) => {
    const text = expectedRow.cells[c] ?? ''
    return {
      name: `${expectedRow.section} | ${expectedRow.label} | ${SEED_COLUMNS[c]}: ${text || '(no cell)'}`,
      expectedRow,
      column,
      text,
    }
  }),
)

let walked = 0

describe('the permission table against the seed tables', () => {
  it('has the five tables and exactly the seed rows, in order: 48 rows of 6 cells', () => {
    expect(new Set(EXPECTED_ROWS.map((r) => r.section)).size).toBe(5)
    expect(EXPECTED_ROWS.length).toBe(48)
    expect(PERMISSION_TABLE.map((r) => [r.section, r.label])).toEqual(
      EXPECTED_ROWS.map((r) => [r.section, r.label]),
    )
    expect(cases.length).toBe(288)
  })

  it('reads the short "See all org members" row as two cells, the rest "No"', () => {
    const short = EXPECTED_ROWS.filter((r) => r.cells.includes(''))
    expect(short.map((r) => [r.label, r.cells])).toEqual([
      ['See all org members (including email and date joined)', ['Yes', 'Yes', '', '', '', '']],
    ])
  })

  it.each(cases)('$name', ({ expectedRow, column, text }) => {
    const row = PERMISSION_TABLE.find(
      (r) => r.section === expectedRow.section && r.label === expectedRow.label,
    )
    if (!row) throw new Error(`No table row for ${expectedRow.section}: ${expectedRow.label}`)
    const cell = row.cells[column]
    expect(cell.text).toBe(text)
    const expected = expectedKind(text)
    expect(cell.kind).toBe(expected)

    const who = identity(grantFor(column))
    const kind = kindFor(row, column)
    for (const target of inside(kind, row, expected)) {
      expect(can(who, row.action, target), `inside reach: ${JSON.stringify(target)}`).toBe(expected !== 'no')
    }
    for (const target of otherOrg(kind, row)) {
      expect(can(who, row.action, target), `other org: ${JSON.stringify(target)}`).toBe(false)
    }
    if (expected === 'scoped') {
      for (const target of outsideReach(kind, row, column)) {
        expect(can(who, row.action, target), `outside reach: ${JSON.stringify(target)}`).toBe(false)
      }
    }
    walked++
  })

  afterAll(() => {
    // Every cell of every row, for every column, was checked (none skipped or filtered).
    expect(walked).toBe(EXPECTED_ROWS.length * COLUMNS.length)
  })
})
