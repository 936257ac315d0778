import { create } from 'zustand'
import type { MachineTab } from '../../../shared/api/views'

/**
 * The sidebar's view state and what the main area shows (the selected node). The selection, the part
 * and the machine tab are also the page's address: app/routeSync keeps them and the URL in step.
 */
export interface TreeState {
  /** null: all machines. */
  selectedKey: string | null
  /** Part chosen on the machine page (from a part row, or the part selector). */
  selectedPartId: string | null
  /** The machine page's tab; kept when moving to another machine, so CONFIGURE stays CONFIGURE. */
  machineTab: MachineTab
  /** The keyboard cursor in the tree; follows the selection when that changes from elsewhere. */
  activeKey: string | null
  expanded: ReadonlySet<string>
  searchCollapsed: ReadonlySet<string>
  query: string
  /** Bumped to ask the tree to scroll its active row into view. */
  revealNonce: number
  /** Bumped by the search box (Enter, Down) to move focus into the tree, onto the first match. */
  enterTreeNonce: number
  enterTree(): void
  select(key: string | null, partId?: string | null): void
  setMachineTab(tab: MachineTab): void
  setActive(key: string | null): void
  setExpanded(key: string, open: boolean): void
  expandAll(keys: readonly string[]): void
  setQuery(query: string): void
  setSelectedPart(partId: string | null): void
}

export const useTreeStore = create<TreeState>()((set) => ({
  selectedKey: null,
  selectedPartId: null,
  machineTab: 'control',
  activeKey: null,
  expanded: new Set(),
  searchCollapsed: new Set(),
  query: '',
  revealNonce: 0,
  enterTreeNonce: 0,
  enterTree: () => set((s) => ({ enterTreeNonce: s.enterTreeNonce + 1 })),
  select: (key, partId = null) =>
    set((s) => ({
      selectedKey: key,
      selectedPartId: partId,
      activeKey: key ?? s.activeKey,
      revealNonce: s.revealNonce + 1,
    })),
  setMachineTab: (machineTab) => set({ machineTab }),
  setActive: (activeKey) => set({ activeKey }),
  setExpanded: (key, open) =>
    set((s) => {
      const expanded = new Set(s.expanded)
      const searchCollapsed = new Set(s.searchCollapsed)
      if (open) {
        expanded.add(key)
        searchCollapsed.delete(key)
      } else {
        expanded.delete(key)
        // While searching, nodes above a match open by themselves; remember that this one was closed.
        if (s.query.trim()) searchCollapsed.add(key)
      }
      return { expanded, searchCollapsed }
    }),
  expandAll: (keys) =>
    set((s) => {
      const expanded = new Set(s.expanded)
      for (const k of keys) expanded.add(k)
      return { expanded }
    }),
  setQuery: (query) => set({ query, searchCollapsed: new Set() }),
  setSelectedPart: (selectedPartId) => set({ selectedPartId }),
}))
