import { describe, expect, it } from 'vitest'
import type { OutboxItem } from '../../../src/shared/api/views'
import type { MachineId, PartId } from '../../../src/shared/ids'
import { describeOutboxItems, editCount } from '../../../src/renderer/src/pending/describeOutboxItems'

const item = (outboxSeq: number, partId: string): OutboxItem => ({
  kind: 'config',
  outboxSeq,
  partId: partId as PartId,
  baseRevision: 5,
  savedAt: '2026-11-01T10:00:00.000Z',
  author: 'ada@fleetdesk.test',
  rejection: null,
  machineId: `m-${partId}` as MachineId,
  machineName: `robot-${partId}`,
  partName: 'main',
})

describe('describeOutboxItems', () => {
  it('tells two edits of one part apart and says which is newest', () => {
    const d = describeOutboxItems([item(7, 'p1'), item(3, 'p1'), item(5, 'p2')])
    expect(d.map((x) => [x.item.outboxSeq, x.label, x.newest])).toEqual([
      [7, 'edit 2 of 2, newest', true],
      [3, 'edit 1 of 2', false],
      [5, '', true],
    ])
  })

  it('counts in words', () => {
    expect(editCount(1)).toBe('1 edit')
    expect(editCount(0)).toBe('0 edits')
    expect(editCount(4)).toBe('4 edits')
  })
})
