import { describe, expect, it } from 'vitest'
import {
  countByStatus,
  sortFilterMachines,
  type OverviewRow,
} from '../../../src/renderer/src/fleet/sortFilterMachines'
import { machine } from './fleetTreeFixture'

const rows: OverviewRow[] = [
  {
    machine: machine('m1', 'l1', 'arm-10', {
      status: 'online',
      lastSeenAt: '2026-11-20T10:00:00Z',
      version: '1.2.0',
    }),
    location: 'Hall A',
  },
  {
    machine: machine('m2', 'l1', 'arm-2', {
      status: 'unreachable',
      lastSeenAt: '2026-11-19T10:00:00Z',
      pending: 2,
    }),
    location: 'Hall B',
  },
  {
    machine: machine('m3', 'l2', 'picker', { status: 'never-seen', lastSeenAt: null, version: '0.9.0' }),
    location: 'Dock',
  },
  {
    machine: machine('m4', 'l2', 'sorter', { status: 'offline', lastSeenAt: '2026-11-21T10:00:00Z' }),
    location: 'Dock',
  },
]
const q = { sortKey: 'name' as const, descending: false, text: '', status: 'all' as const }
const order = (r: OverviewRow[]): string[] => r.map((x) => x.machine.name)

describe('sortFilterMachines', () => {
  it('sorts by name naturally, both ways', () => {
    expect(order(sortFilterMachines(rows, q))).toEqual(['arm-2', 'arm-10', 'picker', 'sorter'])
    expect(order(sortFilterMachines(rows, { ...q, descending: true }))).toEqual([
      'sorter',
      'picker',
      'arm-10',
      'arm-2',
    ])
  })

  it('sorts status with what needs attention first, and last seen with never-seen oldest', () => {
    expect(order(sortFilterMachines(rows, { ...q, sortKey: 'status' }))).toEqual([
      'arm-2',
      'sorter',
      'picker',
      'arm-10',
    ])
    expect(order(sortFilterMachines(rows, { ...q, sortKey: 'lastSeen' }))).toEqual([
      'picker',
      'arm-2',
      'arm-10',
      'sorter',
    ])
  })

  it('filters by status, by pending edits, and by text in name, id, location or version', () => {
    expect(order(sortFilterMachines(rows, { ...q, status: 'offline' }))).toEqual(['sorter'])
    expect(order(sortFilterMachines(rows, { ...q, status: 'pending' }))).toEqual(['arm-2'])
    expect(order(sortFilterMachines(rows, { ...q, text: 'DOCK' }))).toEqual(['picker', 'sorter'])
    expect(order(sortFilterMachines(rows, { ...q, text: 'm1' }))).toEqual(['arm-10'])
    expect(order(sortFilterMachines(rows, { ...q, text: '0.9' }))).toEqual(['picker'])
  })

  it('does not change its input', () => {
    const copy = [...rows]
    sortFilterMachines(rows, { ...q, sortKey: 'status' })
    expect(rows).toEqual(copy)
  })

  it('counts machines per status and with pending edits', () => {
    expect(countByStatus(rows)).toEqual({
      all: 4,
      pending: 1,
      online: 1,
      offline: 1,
      unreachable: 1,
      'never-seen': 1,
    })
  })
})
