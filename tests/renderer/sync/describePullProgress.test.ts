import { describe, expect, it } from 'vitest'
import { describePullProgress } from '../../../src/renderer/src/sync/describePullProgress'

const pull = { phase: 'full' as const, rowsApplied: 0, cursor: 0, target: null, done: false }

describe('describePullProgress', () => {
  it('shows nothing without a pull or once the pull is done', () => {
    expect(describePullProgress(null)).toBeNull()
    expect(describePullProgress({ ...pull, rowsApplied: 10, cursor: 10, target: 10, done: true })).toBeNull()
  })

  it('is indeterminate until the hub has said its newest cursor', () => {
    expect(describePullProgress({ ...pull, rowsApplied: 1 })).toEqual({
      label: 'Copying the fleet from the hub',
      detail: '1 change applied',
      percent: null,
    })
  })

  it('measures the cursor against the target, floored and clamped', () => {
    const view = describePullProgress({ ...pull, rowsApplied: 1200, cursor: 1250, target: 5000 })
    expect(view).toEqual({
      label: 'Copying the fleet from the hub',
      detail: '1,200 changes applied, 25%',
      percent: 25,
    })
    expect(describePullProgress({ ...pull, cursor: 4999, target: 5000 })?.percent).toBe(99)
    expect(describePullProgress({ ...pull, cursor: 6000, target: 5000 })?.percent).toBe(100)
    expect(describePullProgress({ ...pull, cursor: 3, target: 0 })?.percent).toBeNull()
  })

  it('names a catch-up pull differently from the first copy', () => {
    expect(describePullProgress({ ...pull, phase: 'catch-up', target: 10, cursor: 5 })?.label).toBe(
      'Catching up with the hub',
    )
  })
})
