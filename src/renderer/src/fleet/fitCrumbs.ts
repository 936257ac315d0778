/**
 * Which breadcrumb steps to fold into a "…" menu so the trail fits: none while there is room (a
 * crumb is never shortened to a few letters), then the middle ones, nearest the root first, so the
 * current page, its parent and the organization stay readable longest. The first crumb (the way
 * back to all machines, which the logo also is) goes next, then the organization, then the parent;
 * the current page is never folded (it is cut with an ellipsis only when it alone is wider than the
 * bar).
 *
 * `widths`: each crumb's natural width, root first and current last; `separator`: the width a
 * separator adds between two shown items; `more`: the width of the "…" button.
 * Returns the indexes to fold, in order.
 */
export function fitCrumbs(
  widths: readonly number[],
  available: number,
  separator: number,
  more: number,
): number[] {
  const n = widths.length
  if (n <= 1) return []
  const total = (folded: ReadonlySet<number>): number => {
    let sum = 0
    let items = 0
    for (let i = 0; i < n; i++) {
      if (folded.has(i)) continue
      sum += widths[i] ?? 0
      items += 1
    }
    if (folded.size > 0) {
      sum += more
      items += 1
    }
    return sum + separator * Math.max(0, items - 1)
  }
  // Fold order: the middle from the root side (indexes 2 .. n-3), then the root (0), the
  // organization (1) and the parent (n-2); never the current page (n-1).
  const order: number[] = []
  for (let i = 2; i <= n - 3; i++) order.push(i)
  for (const i of [0, 1, n - 2]) if (i >= 0 && i < n - 1 && !order.includes(i)) order.push(i)
  const folded = new Set<number>()
  for (const i of order) {
    if (total(folded) <= available) break
    folded.add(i)
  }
  return [...folded].sort((a, b) => a - b)
}
