/**
 * Labels for a plot's numeric axis ticks with just enough decimals to tell them apart. uPlot's own
 * formatter rounds every tick to three decimals, so a latitude drifting in its fifth decimal
 * (40.70005, 40.70010, ...) was labelled "40.7" on every tick. Ticks are multiples of the axis
 * increment, so the increment's own decimals show each one exactly; if float error still makes two
 * labels equal, more decimals are added until they differ.
 */
export function axisTickLabels(ticks: readonly (number | null)[], increment: number): string[] {
  // uPlot's tick filter leaves null where a tick is not labelled: those stay empty.
  const label = (t: number | null, d: number): string =>
    t === null || !Number.isFinite(t) ? '' : formatTick(t, d)
  const max = 15
  for (let d = incrementDecimals(increment); d < max; d++) {
    const labels = ticks.map((t) => label(t, d))
    const shown = labels.filter((l) => l !== '')
    if (new Set(shown).size === shown.length) return labels
  }
  return ticks.map((t) => label(t, max))
}

/** Decimals that write the increment exactly: 5 → 0, 0.25 → 2, 5e-5 → 5, 2.5e-5 → 6. */
export function incrementDecimals(increment: number): number {
  if (!Number.isFinite(increment) || increment <= 0) return 0
  for (let d = 0; d < 15; d++) {
    const scaled = increment * 10 ** d
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) return d
  }
  return 15
}

function formatTick(value: number, decimals: number): string {
  const text = value.toFixed(decimals)
  // "-0.000" is a float error near zero, not a negative number.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text
}

/** CSS pixels an axis needs for its widest label (uPlot's axis font is 12 px; digits are ~7 px). */
export function axisWidthFor(labels: readonly string[]): number {
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0)
  return Math.max(40, Math.ceil(longest * 7.2) + 20)
}

/**
 * The least pixels between y ticks for a plot area `plotDim` px tall, so that at least two ticks
 * are labelled. uPlot takes the first "nice" increment (1, 2, 2.5, 5 × 10ⁿ; each at most twice the
 * one before) whose ticks are this far apart, so the increment is under 2 × space in pixels and the
 * axis spans more than plotDim / (2 × space) increments: with space ≤ plotDim / 5 that is over 2.5,
 * which always holds two multiples. Its default of 30 px left a 110 px plot of a drifting latitude
 * with a single label, which says nothing about the scale.
 */
export function yTickSpace(plotDim: number): number {
  return Math.max(8, Math.min(30, plotDim / 5))
}
