import { guardedNavigate } from '../configure/useLeaveGuard'
import { useTreeStore } from '../state/useTreeStore'
import type { TreeRow } from './flattenFleetTree'

/** Opens a tree row's page (overview for org/location, machine page for machine/part). */
export function openTreeNode(row: Pick<TreeRow, 'key' | 'kind' | 'id' | 'expandable' | 'expanded'>): void {
  const tree = useTreeStore.getState()
  if (tree.selectedKey === row.key) {
    if (row.expandable && !row.expanded) tree.setExpanded(row.key, true)
    return
  }
  guardedNavigate(() => {
    const t = useTreeStore.getState()
    t.select(row.key, row.kind === 'part' ? row.id : null)
    // Opening an organization or location also unfolds it: that is almost always the next step.
    if ((row.kind === 'org' || row.kind === 'location') && row.expandable && !row.expanded) {
      t.setExpanded(row.key, true)
    }
  })
}

/** Back to the top: every machine of every organization (the logo and the breadcrumb's root). */
export function openAllMachines(): void {
  if (useTreeStore.getState().selectedKey === null) return
  guardedNavigate(() => useTreeStore.getState().select(null))
}
