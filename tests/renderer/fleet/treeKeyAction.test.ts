import { describe, expect, it } from 'vitest'
import { buildFleetIndex } from '../../../src/renderer/src/state/buildFleetIndex'
import { flattenFleetTree } from '../../../src/renderer/src/fleet/flattenFleetTree'
import { treeKeyAction } from '../../../src/renderer/src/fleet/treeKeyAction'
import { smallFleet } from './fleetTreeFixture'

const rows = flattenFleetTree(buildFleetIndex(smallFleet()), {
  expanded: new Set(['org:org-acme', 'location:loc-detroit']),
  query: '',
  searchCollapsed: new Set(),
})
// 0 Acme, 1 Detroit, 2 Hall A (closed), 3 picker-1, 4 Lyon, 5 Globex (closed)

describe('treeKeyAction', () => {
  it('moves with Up/Down and stops at the ends', () => {
    expect(treeKeyAction(rows, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 })
    expect(treeKeyAction(rows, 0, 'ArrowUp')).toEqual({ type: 'focus', index: 0 })
    expect(treeKeyAction(rows, 5, 'ArrowDown')).toEqual({ type: 'focus', index: 5 })
    expect(treeKeyAction(rows, 2, 'End')).toEqual({ type: 'focus', index: 5 })
    expect(treeKeyAction(rows, 4, 'Home')).toEqual({ type: 'focus', index: 0 })
  })

  it('Right opens a closed node, then steps into it', () => {
    expect(treeKeyAction(rows, 2, 'ArrowRight')).toEqual({ type: 'expand', key: 'location:loc-hall-a' })
    expect(treeKeyAction(rows, 1, 'ArrowRight')).toEqual({ type: 'focus', index: 2 })
    expect(treeKeyAction(rows, 3, 'ArrowRight')).toEqual({ type: 'none' })
  })

  it('Left closes an open node, else steps out to the parent', () => {
    expect(treeKeyAction(rows, 1, 'ArrowLeft')).toEqual({ type: 'collapse', key: 'location:loc-detroit' })
    expect(treeKeyAction(rows, 3, 'ArrowLeft')).toEqual({ type: 'focus', index: 1 })
    expect(treeKeyAction(rows, 5, 'ArrowLeft')).toEqual({ type: 'none' })
  })

  it('Enter and Space open the row; other keys do nothing; an empty tree ignores everything', () => {
    expect(treeKeyAction(rows, 3, 'Enter')).toEqual({ type: 'open', key: 'machine:m-picker-1' })
    expect(treeKeyAction(rows, 3, ' ')).toEqual({ type: 'open', key: 'machine:m-picker-1' })
    expect(treeKeyAction(rows, 3, 'x')).toEqual({ type: 'none' })
    expect(treeKeyAction([], 0, 'ArrowDown')).toEqual({ type: 'none' })
  })
})
