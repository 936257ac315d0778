import { guardedNavigate, useLeaveGuard } from '../configure/useLeaveGuard'
import { useTreeStore } from '../state/useTreeStore'
import { useAppStore } from '../state/useAppStore'
import { formatRoute, parseRoute, routeOf, selectionOf, type Route } from './routes'

// Keeps the URL and the selection in step, so that the address shows where you are, Back and
// Forward move between places, a reload comes back to the same place, and a link can be shared.
// Each entry this app writes carries its position in the session history (`fdPosition`), so that
// a Back the leave guard holds can be undone (history.go back to where it was) and, once the user
// agrees to drop the unsaved config, done again.

const POSITION = 'fdPosition'

function positionOf(state: unknown): number | null {
  if (typeof state !== 'object' || state === null) return null
  const value = (state as Record<string, unknown>)[POSITION]
  return typeof value === 'number' && Number.isInteger(value) ? value : null
}

function stamped(position: number): Record<string, unknown> {
  const state: unknown = window.history.state
  return { ...(typeof state === 'object' && state !== null ? state : {}), [POSITION]: position }
}

/** Same machine page, other tab: the editor stays mounted, so nothing unsaved is at risk. */
function samePage(a: Route, b: Route): boolean {
  return a.kind === 'machine' && b.kind === 'machine' && a.id === b.id && a.partId === b.partId
}

let replacing = false

/**
 * Runs a selection change that corrects the current place rather than going somewhere (a tab this
 * role may not open): the URL entry is replaced, so Back does not return to the refused tab.
 */
export function replaceRoute(change: () => void): void {
  replacing = true
  try {
    change()
  } finally {
    replacing = false
  }
}

/** Starts keeping the URL and the selection in step; returns the stop. */
export function startRouteSync(): () => void {
  let position = positionOf(window.history.state) ?? 0
  let ready = false
  let applying = false
  let reverting = false

  const currentHash = (): string => window.location.hash || '#/'
  const routeNow = (): Route | null => routeOf(useTreeStore.getState(), useAppStore.getState().index)

  const writeUrl = (how: 'push' | 'replace'): void => {
    const route = routeNow()
    if (!route) return
    const hash = formatRoute(route)
    if (hash === currentHash() && positionOf(window.history.state) === position) return
    if (how === 'push' && hash !== currentHash()) {
      position += 1
      window.history.pushState(stamped(position), '', hash)
    } else {
      window.history.replaceState(stamped(position), '', hash)
    }
  }

  const apply = (route: Route, how: 'push' | 'replace'): void => {
    const tree = useTreeStore.getState()
    const next = selectionOf(route, useAppStore.getState().index, tree.machineTab)
    applying = true
    try {
      if (next.selectedKey !== tree.selectedKey || next.selectedPartId !== tree.selectedPartId)
        tree.select(next.selectedKey, next.selectedPartId)
      if (next.machineTab !== tree.machineTab) tree.setMachineTab(next.machineTab)
    } finally {
      applying = false
    }
    // What is on screen may differ from what was asked (an address that is not one of ours).
    writeUrl(how)
  }

  // The place in the URL is taken once the fleet is loaded: a part row needs the index to be found.
  const start = (): void => {
    if (ready) return
    ready = true
    apply(parseRoute(window.location.hash) ?? { kind: 'all' }, 'replace')
  }

  const offTree = useTreeStore.subscribe((s, prev) => {
    if (!ready || applying) return
    if (
      s.selectedKey === prev.selectedKey &&
      s.selectedPartId === prev.selectedPartId &&
      s.machineTab === prev.machineTab
    )
      return
    writeUrl(replacing ? 'replace' : 'push')
  })
  const offIndex = useAppStore.subscribe((s) => {
    if (s.index) start()
  })
  if (useAppStore.getState().index) start()

  const onPop = (): void => {
    if (!ready) return
    const target = positionOf(window.history.state)
    if (reverting) {
      // The step back that undid a held Back or Forward: we are where we were.
      reverting = false
      if (target !== null) position = target
      return
    }
    const route = parseRoute(window.location.hash) ?? { kind: 'all' }
    const now = routeNow()
    if (now && formatRoute(route) === formatRoute(now)) {
      if (target !== null) position = target
      else writeUrl('replace')
      return
    }
    if (useLeaveGuard.getState().dirty !== null && !(now && samePage(route, now))) {
      // The browser has moved already; go back to where the unsaved config is, and ask. An address
      // typed in by hand is a new entry after ours (no position): one step back undoes it.
      const delta = target === null ? -1 : position - target
      reverting = true
      window.history.go(delta)
      guardedNavigate(() => {
        if (target === null) apply(route, 'push')
        else window.history.go(-delta)
      })
      return
    }
    if (target === null) {
      position += 1
      window.history.replaceState(stamped(position), '')
    } else {
      position = target
    }
    apply(route, 'replace')
  }
  // Chromium fires popstate for every fragment change; hashchange covers a browser that does not.
  const onHashChange = (): void => {
    if (reverting) return
    const now = routeNow()
    if (now && formatRoute(now) === currentHash()) return
    onPop()
  }
  window.addEventListener('popstate', onPop)
  window.addEventListener('hashchange', onHashChange)
  return () => {
    offTree()
    offIndex()
    window.removeEventListener('popstate', onPop)
    window.removeEventListener('hashchange', onHashChange)
  }
}
