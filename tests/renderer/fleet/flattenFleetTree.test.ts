import { describe, expect, it } from 'vitest'
import {
  ancestorKeys,
  buildFleetIndex,
  machinesUnder,
  nodeKey,
} from '../../../src/renderer/src/state/buildFleetIndex'
import { flattenFleetTree, type TreeRow } from '../../../src/renderer/src/fleet/flattenFleetTree'
import { bigFleet, loc, machine, smallFleet } from './fleetTreeFixture'

const view = (expanded: string[] = [], query = '', searchCollapsed: string[] = []) => ({
  expanded: new Set(expanded),
  query,
  searchCollapsed: new Set(searchCollapsed),
})
const names = (rows: TreeRow[]): string[] => rows.map((r) => `${'  '.repeat(r.depth)}${r.name}`)

describe('buildFleetIndex', () => {
  it('nests locations under their parent whatever the input order, and counts machines at every level', () => {
    const index = buildFleetIndex(smallFleet())
    expect(index.rootKeys).toEqual(['org:org-acme', 'org:org-globex'])
    const acme = index.nodes.get('org:org-acme')
    expect(acme?.childKeys).toEqual(['location:loc-detroit', 'location:loc-lyon'])
    expect(acme?.machineCount).toBe(3)
    expect(index.nodes.get('location:loc-detroit')?.childKeys).toEqual([
      'location:loc-hall-a',
      'machine:m-picker-1',
    ])
    expect(index.nodes.get('location:loc-hall-a')?.machineCount).toBe(2)
    expect(index.nodes.get('location:loc-lyon')?.machineCount).toBe(0)
  })

  it('sorts names naturally (arm-2 before arm-10)', () => {
    const index = buildFleetIndex(smallFleet())
    expect(index.nodes.get('location:loc-hall-a')?.childKeys).toEqual(['machine:m-arm-2', 'machine:m-arm-10'])
  })

  it('lists parts only for machines with more than one, main part first', () => {
    const index = buildFleetIndex(smallFleet())
    expect(index.nodes.get('machine:m-arm-10')?.childKeys).toEqual(['part:m-arm-10-p0', 'part:m-arm-10-p1'])
    expect(index.nodes.get('machine:m-arm-2')?.childKeys).toEqual([])
  })

  it('hangs a location whose parent is not visible directly under its organization', () => {
    const tree = smallFleet()
    tree.locations = tree.locations.filter((l) => l.id !== 'loc-detroit')
    tree.machines = tree.machines.filter((m) => m.locationId !== 'loc-detroit')
    const index = buildFleetIndex(tree)
    expect(index.nodes.get('location:loc-hall-a')?.parentKey).toBe('org:org-acme')
  })

  it('never hides a machine whose location is missing, nor a location whose organization is', () => {
    const tree = smallFleet()
    tree.locations.push(loc('loc-shared', 'org-other', 'Shared dock'))
    tree.machines.push(machine('m-lost', 'loc-nowhere', 'lost-1'), machine('m-dock', 'loc-shared', 'dock-1'))
    const index = buildFleetIndex(tree)
    expect(ancestorKeys(index, 'machine:m-dock')).toEqual(['org:org-other', 'location:loc-shared'])
    expect(index.nodes.get('machine:m-lost')?.parentKey).toBeTruthy()
    expect(index.machines.size).toBe(6)
  })

  it('collects the machines under a node in tree order', () => {
    const index = buildFleetIndex(smallFleet())
    expect(machinesUnder(index, 'org:org-acme').map((m) => m.name)).toEqual(['arm-2', 'arm-10', 'picker-1'])
    expect(machinesUnder(index, nodeKey('machine', 'm-arm-2')).map((m) => m.name)).toEqual(['arm-2'])
  })
})

describe('flattenFleetTree', () => {
  const index = buildFleetIndex(smallFleet())

  it('shows only roots when nothing is expanded', () => {
    expect(names(flattenFleetTree(index, view()))).toEqual(['Acme', 'Globex'])
  })

  it('shows the children of expanded nodes with their depth', () => {
    const rows = flattenFleetTree(
      index,
      view(['org:org-acme', 'location:loc-detroit', 'location:loc-hall-a']),
    )
    expect(names(rows)).toEqual([
      'Acme',
      '  Detroit',
      '    Hall A',
      '      arm-2',
      '      arm-10',
      '    picker-1',
      '  Lyon',
      'Globex',
    ])
    const arm10 = rows.find((r) => r.id === 'm-arm-10')
    expect(arm10).toMatchObject({
      kind: 'machine',
      expandable: true,
      expanded: false,
      parentKey: 'location:loc-hall-a',
    })
    expect(rows.find((r) => r.id === 'loc-lyon')).toMatchObject({ expandable: false, expanded: false })
  })

  it('while searching, keeps the ancestors of matches and opens them', () => {
    const rows = flattenFleetTree(index, view([], 'ARM-1'))
    expect(names(rows)).toEqual(['Acme', '  Detroit', '    Hall A', '      arm-10'])
    expect(rows.map((r) => r.matched)).toEqual([false, false, false, true])
  })

  it('matches ids as well as names, and location and organization names', () => {
    expect(names(flattenFleetTree(index, view([], 'm-probe')))).toEqual(['Globex', '  Bench', '    probe-1'])
    expect(names(flattenFleetTree(index, view([], 'lyon')))).toEqual(['Acme', '  Lyon'])
    expect(names(flattenFleetTree(index, view([], 'globex')))).toEqual(['Globex'])
  })

  it('lets the user open a matching location to browse everything in it', () => {
    const rows = flattenFleetTree(index, view(['location:loc-detroit'], 'detroit'))
    expect(names(rows)).toEqual(['Acme', '  Detroit', '    Hall A', '    picker-1'])
  })

  it('lets the user close a node the search opened', () => {
    const rows = flattenFleetTree(index, view([], 'arm', ['location:loc-detroit']))
    expect(names(rows)).toEqual(['Acme', '  Detroit'])
    expect(rows[1]).toMatchObject({ expandable: true, expanded: false })
  })

  it('returns nothing when nothing matches', () => {
    expect(flattenFleetTree(index, view(['org:org-acme'], 'zzz'))).toEqual([])
  })

  it('flattens and filters 10,000 machines quickly', () => {
    const big = buildFleetIndex(bigFleet(10_000))
    const allOpen = [...big.nodes.values()].filter((n) => n.kind !== 'machine').map((n) => n.key)
    const t0 = performance.now()
    const rows = flattenFleetTree(big, view(allOpen))
    const searched = flattenFleetTree(big, view([], 'robot-0999'))
    const elapsed = performance.now() - t0
    expect(rows.filter((r) => r.kind === 'machine')).toHaveLength(10_000)
    expect(searched.filter((r) => r.kind === 'machine').map((r) => r.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `robot-0999${i}`),
    )
    // Generous bound for a shared CI machine; typical is a few milliseconds.
    expect(elapsed).toBeLessThan(500)
  })
})
