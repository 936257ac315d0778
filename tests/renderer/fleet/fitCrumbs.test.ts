import { describe, expect, it } from 'vitest'
import { fitCrumbs } from '../../../src/renderer/src/fleet/fitCrumbs'
import { matchWindow, splitMatch } from '../../../src/renderer/src/fleet/matchText'

// All machines / Acme Robotics / Detroit Plant / Hall B / Line 1 / amr-0008
const widths = [90, 100, 95, 50, 45, 70]
const SEP = 18
const MORE = 28
const natural = widths.reduce((a, b) => a + b, 0) + SEP * (widths.length - 1)

describe('fitCrumbs', () => {
  it('folds nothing while the whole trail fits, however little room is left', () => {
    expect(fitCrumbs(widths, natural, SEP, MORE)).toEqual([])
    expect(fitCrumbs(widths, natural + 500, SEP, MORE)).toEqual([])
  })

  it('folds whole steps from the middle first, then the root, the organization, the parent', () => {
    expect(fitCrumbs(widths, natural - 1, SEP, MORE)).toEqual([2])
    expect(fitCrumbs(widths, natural - 100, SEP, MORE)).toEqual([2, 3])
    expect(fitCrumbs(widths, 300, SEP, MORE)).toEqual([0, 2, 3])
    expect(fitCrumbs(widths, 200, SEP, MORE)).toEqual([0, 1, 2, 3])
    expect(fitCrumbs(widths, 50, SEP, MORE)).toEqual([0, 1, 2, 3, 4])
  })

  it('never folds the current page, and a lone page folds nothing', () => {
    expect(fitCrumbs([500], 100, SEP, MORE)).toEqual([])
    expect(fitCrumbs([90, 500], 100, SEP, MORE)).toEqual([0])
    expect(fitCrumbs(widths, 0, SEP, MORE)).not.toContain(widths.length - 1)
  })

  it('whatever it folds, what remains fits unless only the current page is left', () => {
    for (let available = 0; available <= natural; available += 7) {
      const folded = new Set(fitCrumbs(widths, available, SEP, MORE))
      const shown = widths.filter((_, i) => !folded.has(i))
      const used = shown.reduce((a, b) => a + b, 0) + (folded.size > 0 ? MORE : 0)
      const items = shown.length + (folded.size > 0 ? 1 : 0)
      const total = used + SEP * (items - 1)
      if (folded.size < widths.length - 1) expect(total, `at ${available}`).toBeLessThanOrEqual(available)
    }
  })
})

describe('search matches', () => {
  it('splits a name around the match, case-insensitively', () => {
    expect(splitMatch('Tugger-0036', 'GER-0')).toEqual({ before: 'Tug', match: 'ger-0', after: '036' })
    expect(splitMatch('tugger', 'x')).toBeNull()
    expect(splitMatch('tugger', '  ')).toBeNull()
  })

  it('shows an id only around its match', () => {
    expect(matchWindow('5f0c2a9e-11aa-4bb2-9cc3-0123456789ab', '4bb2')).toEqual({
      before: '…1aa-',
      match: '4bb2',
      after: '-9cc…',
    })
    expect(matchWindow('m-00012', 'm-0001')).toEqual({ before: '', match: 'm-0001', after: '2' })
  })
})
