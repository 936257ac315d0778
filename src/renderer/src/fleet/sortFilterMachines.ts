import type { MachineSummary } from '../../../shared/api/views'
import type { MachineStatus } from '../../../shared/domain/model'
import { statusRank } from '../machine/statusText'

export interface OverviewRow {
  machine: MachineSummary
  /** Location path below the organization, e.g. "Plant 1 / Line A". */
  location: string
}

export type OverviewSortKey = 'status' | 'name' | 'location' | 'lastSeen' | 'version' | 'revision' | 'pending'
export type StatusFilter = MachineStatus | 'all' | 'pending'

export interface OverviewQuery {
  sortKey: OverviewSortKey
  descending: boolean
  text: string
  status: StatusFilter
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function compareBy(key: OverviewSortKey, a: OverviewRow, b: OverviewRow): number {
  const ma = a.machine
  const mb = b.machine
  switch (key) {
    case 'status':
      return statusRank[ma.status] - statusRank[mb.status]
    case 'name':
      return collator.compare(ma.name, mb.name)
    case 'location':
      return collator.compare(a.location, b.location)
    case 'lastSeen':
      // Never seen sorts as the oldest.
      return (
        (ma.lastSeenAt ? Date.parse(ma.lastSeenAt) : -Infinity) -
          (mb.lastSeenAt ? Date.parse(mb.lastSeenAt) : -Infinity) || 0
      )
    case 'version':
      return collator.compare(ma.version ?? '', mb.version ?? '')
    case 'revision':
      return ma.revision - mb.revision
    case 'pending':
      return ma.pendingEdits - mb.pendingEdits
  }
}

/**
 * The overview table's rows: filtered by status and by text (name, id, location, version), then
 * sorted, ties broken by name so the order is stable as data refreshes. Pure; runs per keystroke.
 */
export function sortFilterMachines(rows: readonly OverviewRow[], q: OverviewQuery): OverviewRow[] {
  const text = q.text.trim().toLowerCase()
  const out = rows.filter((r) => {
    const m = r.machine
    if (q.status === 'pending' ? m.pendingEdits === 0 : q.status !== 'all' && m.status !== q.status)
      return false
    if (!text) return true
    return (
      m.name.toLowerCase().includes(text) ||
      m.id.toLowerCase().includes(text) ||
      r.location.toLowerCase().includes(text) ||
      (m.version ?? '').toLowerCase().includes(text)
    )
  })
  const sign = q.descending ? -1 : 1
  out.sort((a, b) => sign * compareBy(q.sortKey, a, b) || collator.compare(a.machine.name, b.machine.name))
  return out
}

/** Machines per status, for the filter's counts. */
export function countByStatus(rows: readonly OverviewRow[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = {
    all: rows.length,
    pending: 0,
    online: 0,
    offline: 0,
    unreachable: 0,
    'never-seen': 0,
  }
  for (const r of rows) {
    counts[r.machine.status] += 1
    if (r.machine.pendingEdits > 0) counts.pending += 1
  }
  return counts
}
