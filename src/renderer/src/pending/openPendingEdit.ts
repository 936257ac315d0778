import type { OutboxItem } from '../../../shared/api/views'
import { guardedNavigate } from '../configure/useLeaveGuard'
import { nodeKey } from '../state/buildFleetIndex'
import { useTreeStore } from '../state/useTreeStore'
import { useAppStore } from '../state/useAppStore'

/**
 * Shows a pending edit where it can be read and changed: its machine's CONFIGURE tab, on its part.
 * Leaving unsaved editor text elsewhere asks first; staying on the same part does not.
 */
export function openPendingEdit(item: Pick<OutboxItem, 'machineId' | 'partId'>): void {
  const key = nodeKey('machine', item.machineId)
  const go = (): void => {
    // The tab is part of the address (app/routeSync), so CONFIGURE opens with the selection.
    useTreeStore.getState().select(key, item.partId)
    useTreeStore.getState().setMachineTab('configure')
  }
  const tree = useTreeStore.getState()
  const machine = useAppStore.getState().index?.nodes.get(key)?.machine
  const mainPart = machine?.parts.find((p) => p.isMain)?.id ?? null
  const shownPart = tree.selectedPartId ?? mainPart
  if (tree.selectedKey === key && shownPart === item.partId) go()
  else guardedNavigate(go)
}
