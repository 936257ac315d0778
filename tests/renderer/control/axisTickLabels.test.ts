import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  axisTickLabels,
  axisWidthFor,
  incrementDecimals,
  yTickSpace,
} from '../../../src/renderer/src/control/panels/axisTickLabels'

describe('axisTickLabels', () => {
  it('labels a latitude drifting in its fifth decimal with distinct numbers (uPlot said "40.7" twice)', () => {
    expect(axisTickLabels([40.70005, 40.7001, 40.70015], 5e-5)).toEqual(['40.70005', '40.70010', '40.70015'])
  })

  it('leaves the ticks uPlot does not label (null) empty', () => {
    expect(axisTickLabels([null, 40.7001, null, 40.7002], 5e-5)).toEqual(['', '40.70010', '', '40.70020'])
    expect(axisTickLabels([], 1)).toEqual([])
  })

  it('uses the increment’s decimals, no more', () => {
    expect(axisTickLabels([0, 5, 10], 5)).toEqual(['0', '5', '10'])
    expect(axisTickLabels([0.5, 0.75, 1], 0.25)).toEqual(['0.50', '0.75', '1.00'])
    expect(axisTickLabels([-0.0000000001, 0.1], 0.1)).toEqual(['0.0', '0.1'])
    expect(incrementDecimals(2.5e-5)).toBe(6)
    expect(incrementDecimals(1000)).toBe(0)
    expect(incrementDecimals(Number.NaN)).toBe(0)
  })

  it('gives distinct labels that read back as their ticks, for any range uPlot picks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(1, 2, 2.5, 5),
        fc.integer({ min: -9, max: 4 }),
        fc.integer({ min: 2, max: 8 }),
        (origin, mantissa, exponent, count) => {
          // uPlot's increments are 1, 2, 2.5 and 5 times a power of ten; its ticks are multiples of one.
          const increment = mantissa * 10 ** exponent
          const first = Math.ceil(origin / increment)
          const ticks = Array.from({ length: count }, (_, i) => (first + i) * increment)
          const labels = axisTickLabels(ticks, increment)
          expect(new Set(labels).size).toBe(labels.length)
          labels.forEach((label, i) =>
            expect(Math.abs(Number(label) - (ticks[i] as number))).toBeLessThanOrEqual(increment / 2),
          )
        },
      ),
    )
  })

  it('widens the axis for long labels', () => {
    expect(axisWidthFor(['1', '2'])).toBe(40)
    expect(axisWidthFor(['-74.000125'])).toBeGreaterThan(axisWidthFor(['40.7']))
  })
})

describe('yTickSpace', () => {
  // uPlot's own rule, restated: the first nice increment (1, 2, 2.5, 5 × 10ⁿ) whose ticks are at
  // least `space` px apart, and ticks at its multiples inside the scale.
  const nice = Array.from({ length: 24 }, (_, i) => 10 ** (i - 16)).flatMap((p) => [p, 2 * p, 2.5 * p, 5 * p])
  const ticksShown = (min: number, max: number, plotDim: number): number => {
    const space = yTickSpace(plotDim)
    const incr = nice.find((i) => (plotDim * i) / (max - min) >= space) ?? Infinity
    return Math.floor(max / incr + 1e-9) - Math.ceil(min / incr - 1e-9) + 1
  }

  it('leaves at least two labelled ticks on any range of a plot 40 px tall or more', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 1e-7, max: 100, noNaN: true }),
        fc.integer({ min: 40, max: 600 }),
        (min, span, plotDim) => ticksShown(min, min + span, plotDim) >= 2,
      ),
      { numRuns: 2000 },
    )
  })

  it('is uPlot’s 30 px on a tall plot, and one fifth of a short one', () => {
    expect(yTickSpace(400)).toBe(30)
    expect(yTickSpace(100)).toBe(20)
  })
})
