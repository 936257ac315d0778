import { create } from 'zustand'
import { parseSidebarLayout, type SidebarLayout } from './sidebarWidth'

const STORAGE_KEY = 'fleetdesk.sidebar'

function load(): SidebarLayout {
  try {
    return parseSidebarLayout(window.localStorage.getItem(STORAGE_KEY))
  } catch {
    return parseSidebarLayout(null) // storage refused (a locked-down profile): the default
  }
}

function save(layout: SidebarLayout): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(layout))
  } catch {
    // Not remembered; the layout still works for this window.
  }
}

/**
 * The sidebar's width and whether it is folded away, remembered on this computer (localStorage, as
 * the colour scheme's first paint is), per window origin.
 */
export interface SidebarState extends SidebarLayout {
  set(layout: SidebarLayout): void
  setCollapsed(collapsed: boolean): void
}

export const useSidebarStore = create<SidebarState>()((set, get) => ({
  ...load(),
  set: (layout) => {
    set(layout)
    save(layout)
  },
  setCollapsed: (collapsed) => get().set({ width: get().width, collapsed }),
}))
