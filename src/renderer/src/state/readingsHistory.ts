/**
 * A reading's numbers by dotted path: `{position: {lat: 1}, compass: 2, ok: true}` gives
 * `position.lat` and `compass`. Booleans and strings are for the table, not the plot.
 */
export function numericFields(
  value: Record<string, unknown>,
  prefix = '',
  out: Map<string, number> = new Map(),
): Map<string, number> {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof v === 'number' && Number.isFinite(v)) out.set(path, v)
    else if (v !== null && typeof v === 'object' && !Array.isArray(v))
      numericFields(v as Record<string, unknown>, path, out)
  }
  return out
}

/** Every leaf of a reading as path and printable value, for the readings table. */
export function readingRows(
  value: Record<string, unknown>,
  prefix = '',
): Array<{ path: string; value: string }> {
  const rows: Array<{ path: string; value: string }> = []
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      rows.push(...readingRows(v as Record<string, unknown>, path))
    else rows.push({ path, value: formatReading(v) })
  }
  return rows
}

export function formatReading(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 1 : 3)
  if (typeof v === 'string') return v
  return JSON.stringify(v) ?? String(v)
}

/**
 * The last `capacity` samples of each numeric field of one resource, in fixed-size ring buffers so a
 * reading every 200 ms for hours costs the same memory as for a minute. A field that appears later
 * starts with gaps (null) so every series lines up with the time axis, as the plot needs.
 */
export class ReadingsHistory {
  private readonly times: Float64Array
  private readonly series = new Map<string, Float64Array>()
  private head = 0
  private count = 0

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity)
  }

  get length(): number {
    return this.count
  }

  fields(): string[] {
    return [...this.series.keys()]
  }

  /** Adds one sample at `timeMs`; fields missing from it are recorded as gaps. */
  push(timeMs: number, values: ReadonlyMap<string, number>): void {
    const slot = this.head
    this.times[slot] = timeMs
    for (const [field, v] of values) {
      let s = this.series.get(field)
      if (!s) {
        s = new Float64Array(this.capacity).fill(Number.NaN)
        this.series.set(field, s)
      }
      s[slot] = v
    }
    for (const [field, s] of this.series) if (!values.has(field)) s[slot] = Number.NaN
    this.head = (this.head + 1) % this.capacity
    this.count = Math.min(this.count + 1, this.capacity)
  }

  /** Oldest first: seconds for the time axis, then one array per field (null for gaps), as uPlot takes. */
  toColumns(fields: readonly string[] = this.fields()): [number[], ...Array<Array<number | null>>] {
    const start = (this.head - this.count + this.capacity) % this.capacity
    const at = (i: number): number => (start + i) % this.capacity
    const xs: number[] = []
    for (let i = 0; i < this.count; i++) xs.push((this.times[at(i)] as number) / 1000)
    const columns = fields.map((f) => {
      const s = this.series.get(f)
      const col: Array<number | null> = []
      for (let i = 0; i < this.count; i++) {
        const v = s ? (s[at(i)] as number) : Number.NaN
        col.push(Number.isNaN(v) ? null : v)
      }
      return col
    })
    return [xs, ...columns]
  }
}
