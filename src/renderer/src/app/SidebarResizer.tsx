import { useRef, type KeyboardEvent, type PointerEvent, type ReactElement } from 'react'
import {
  clampSidebarWidth,
  SIDEBAR_DEFAULT,
  SIDEBAR_MAX,
  SIDEBAR_MIN,
  sidebarKey,
} from '../state/sidebarWidth'
import { useSidebarStore } from '../state/useSidebarStore'

/**
 * The sidebar's right edge: drag it, or focus it and use the arrows (Shift for bigger steps), Home
 * and End; Enter folds the sidebar away; a double click restores the default width. A WAI-ARIA
 * window splitter, so a screen reader announces the width.
 */
export function SidebarResizer({ width }: { width: number }): ReactElement {
  const drag = useRef<{ startX: number; startWidth: number } | null>(null)

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return
    e.preventDefault()
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { startX: e.clientX, startWidth: width }
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current
    if (!d) return
    const next = clampSidebarWidth(d.startWidth + e.clientX - d.startX, window.innerWidth)
    useSidebarStore.getState().set({ width: next, collapsed: false })
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    drag.current = null
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const { collapsed } = useSidebarStore.getState()
    const next = sidebarKey({ width, collapsed }, e.key, e.shiftKey, window.innerWidth)
    if (!next) return
    e.preventDefault()
    useSidebarStore.getState().set(next)
  }

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Sidebar width"
      aria-controls="fd-sidebar"
      aria-valuenow={width}
      aria-valuemin={SIDEBAR_MIN}
      aria-valuemax={SIDEBAR_MAX}
      tabIndex={0}
      className="fd-sidebar-resizer"
      data-testid="sidebar-resizer"
      title="Drag to resize the sidebar (arrows with the keyboard, Enter to hide it)"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => useSidebarStore.getState().set({ width: SIDEBAR_DEFAULT, collapsed: false })}
      onKeyDown={onKeyDown}
    />
  )
}
