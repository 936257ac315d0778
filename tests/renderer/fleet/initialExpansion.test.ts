import { describe, expect, it } from 'vitest'
import { buildFleetIndex } from '../../../src/renderer/src/state/buildFleetIndex'
import { flattenFleetTree } from '../../../src/renderer/src/fleet/flattenFleetTree'
import { initialExpansion } from '../../../src/renderer/src/fleet/initialExpansion'
import { bigFleet, loc, machine, org, smallFleet } from './fleetTreeFixture'

const visibleMachines = (index: ReturnType<typeof buildFleetIndex>): number =>
  flattenFleetTree(index, {
    expanded: new Set(initialExpansion(index)),
    query: '',
    searchCollapsed: new Set(),
  }).filter((r) => r.kind === 'machine').length

describe('initialExpansion', () => {
  it('opens a small fleet fully, machines with parts staying closed', () => {
    const index = buildFleetIndex(smallFleet())
    expect(initialExpansion(index).sort()).toEqual(
      [
        'org:org-acme',
        'org:org-globex',
        'location:loc-detroit',
        'location:loc-hall-a',
        'location:loc-bench',
      ].sort(),
    )
    expect(visibleMachines(index)).toBe(4)
  })

  it('shows the one machine of an operator, however deep it is', () => {
    const index = buildFleetIndex({
      orgs: [org('o', 'Acme')],
      locations: [loc('a', 'o', 'Site'), loc('b', 'o', 'Hall', 'a'), loc('c', 'o', 'Line', 'b')],
      machines: [machine('m', 'c', 'arm-1')],
    })
    expect(visibleMachines(index)).toBe(1)
  })

  it('opens only organizations (and lone children) of a big fleet', () => {
    const index = buildFleetIndex(bigFleet(1000))
    expect(initialExpansion(index)).toEqual(['org:org-0', 'org:org-1', 'org:org-2'])
    expect(visibleMachines(index)).toBe(0)
  })
})
