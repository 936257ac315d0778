/** The sidebar's width limits, in CSS pixels: room for a search box at least, half a laptop at most. */
export const SIDEBAR_MIN = 220
export const SIDEBAR_MAX = 640
export const SIDEBAR_DEFAULT = 320
/** The main area keeps at least this much beside the sidebar, however wide it is dragged. */
export const MAIN_MIN = 420

export interface SidebarLayout {
  width: number
  collapsed: boolean
}

/** The width to use: whole pixels within the limits, and never so wide the main area is squeezed. */
export function clampSidebarWidth(width: number, windowWidth: number): number {
  const max = Math.max(SIDEBAR_MIN, Math.min(SIDEBAR_MAX, windowWidth - MAIN_MIN))
  if (!Number.isFinite(width)) return Math.min(SIDEBAR_DEFAULT, max)
  return Math.round(Math.min(max, Math.max(SIDEBAR_MIN, width)))
}

/** What was remembered (localStorage), or the default; anything unreadable counts as nothing. */
export function parseSidebarLayout(text: string | null): SidebarLayout {
  const fallback = { width: SIDEBAR_DEFAULT, collapsed: false }
  if (!text) return fallback
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return fallback
    const { width, collapsed } = value as Record<string, unknown>
    return {
      width: typeof width === 'number' && Number.isFinite(width) ? width : SIDEBAR_DEFAULT,
      collapsed: collapsed === true,
    }
  } catch {
    return fallback
  }
}

/** A key press on the resize handle (the WAI-ARIA window splitter): the new layout, or null. */
export function sidebarKey(
  layout: SidebarLayout,
  key: string,
  shift: boolean,
  windowWidth: number,
): SidebarLayout | null {
  const step = shift ? 64 : 16
  switch (key) {
    case 'ArrowLeft':
      return { collapsed: false, width: clampSidebarWidth(layout.width - step, windowWidth) }
    case 'ArrowRight':
      return { collapsed: false, width: clampSidebarWidth(layout.width + step, windowWidth) }
    case 'Home':
      return { collapsed: false, width: clampSidebarWidth(SIDEBAR_MIN, windowWidth) }
    case 'End':
      return { collapsed: false, width: clampSidebarWidth(SIDEBAR_MAX, windowWidth) }
    case 'Enter':
      return { ...layout, collapsed: !layout.collapsed }
    default:
      return null
  }
}
