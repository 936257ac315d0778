import { afterAll, describe, expect, it } from 'vitest'
import { can, type ResourceRef } from '../../../src/shared/access/can'
import {
  COLUMNS,
  PERMISSION_TABLE,
  type Column,
  type PermissionRow,
  type ResourceKind,
} from '../../../src/shared/access/permissionTable'
import { grantFor, identity, location, machine, O1, O2, path } from './accessWorld'
import { parseSeedTables, readSeed, SEED_COLUMNS, type SeedRow } from './seedTables'

// Read at collection time: a missing seed fails the whole file instead of skipping it.
const seedRows = parseSeedTables(readSeed())

type Expected = 'yes' | 'scoped' | 'no'

/** Cells that grant without condition; any other non-"No" text is a condition on the grant's reach. */
const UNCONDITIONAL = new Set([
  'Yes',
  'Can see all names in current org',
  'Can click into dataset and see all data in it',
])

function expectedOf(text: string): Expected {
  if (text === '' || text === 'No') return 'no'
  return UNCONDITIONAL.has(text) ? 'yes' : 'scoped'
}

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
function inside(kind: ResourceKind, row: PermissionRow, expected: Expected): ResourceRef[] {
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
  seed: SeedRow
  column: Column
  text: string
}

const cases: CellCase[] = seedRows.flatMap((seed) =>
  COLUMNS.map((column, c) => {
    const text = seed.cells[c] ?? ''
    return {
      name: `${seed.section} | ${seed.label} | ${SEED_COLUMNS[c]}: ${text || '(no cell)'}`,
      seed,
      column,
      text,
    }
  }),
)

let walked = 0

describe('the permission table against the seed', () => {
  it('has the five tables and exactly the seed rows, in order', () => {
    expect(new Set(seedRows.map((r) => r.section)).size).toBe(5)
    expect(PERMISSION_TABLE.map((r) => [r.section, r.label])).toEqual(
      seedRows.map((r) => [r.section, r.label]),
    )
    expect(cases.length).toBe(seedRows.length * COLUMNS.length)
  })

  it('reads the short "See all org members" row as two cells, the rest "No"', () => {
    const short = seedRows.filter((r) => r.written < COLUMNS.length)
    expect(short.map((r) => [r.label, r.written])).toEqual([
      ['See all org members (including email and date joined)', 2],
    ])
  })

  it.each(cases)('$name', ({ seed, column, text }) => {
    const row = PERMISSION_TABLE.find((r) => r.section === seed.section && r.label === seed.label)
    if (!row) throw new Error(`No table row for seed line ${seed.line}: ${seed.label}`)
    const cell = row.cells[column]
    expect(cell.text).toBe(text)
    const expected = expectedOf(text)
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
    expect(walked).toBe(seedRows.length * COLUMNS.length)
  })
})
