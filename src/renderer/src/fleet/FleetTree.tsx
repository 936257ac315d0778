import { Box, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
  type ReactElement,
} from 'react'
import type { RobotSessionState } from '../../../shared/api/robotViews'
import { useAppStore } from '../state/useAppStore'
import { useRobotStore } from '../state/useRobotStore'
import { useTreeStore } from '../state/useTreeStore'
import { ancestorKeys } from '../state/buildFleetIndex'
import { flattenFleetTree, type TreeRow } from './flattenFleetTree'
import { initialExpansion } from './initialExpansion'
import { treeKeyAction } from './treeKeyAction'
import { openTreeNode } from './openTreeNode'
import { FleetTreeRow } from './FleetTreeRow'
import { announceTreePainted } from './announceTreePainted'
import { useNow } from '../common/useNow'

const ROW_HEIGHT = 32
/** A search result that matched an id, not the name: a second line shows the id around the match. */
const TALL_ROW_HEIGHT = 46

/** Whether a row shows its id under its name (see TALL_ROW_HEIGHT). */
export function showsIdMatch(row: TreeRow, query: string): boolean {
  const q = query.trim().toLowerCase()
  return row.matched && q !== '' && !row.name.toLowerCase().includes(q) && row.id.toLowerCase().includes(q)
}

/**
 * The sidebar tree, virtualized: only the rows in view (plus a few) exist in the DOM, so 10,000
 * machines scroll as smoothly as 10. Focus stays on the tree element and moves between rows with
 * aria-activedescendant, which survives rows being recycled as they scroll.
 */
export function FleetTree(): ReactElement {
  const index = useAppStore((s) => s.index)
  const expanded = useTreeStore((s) => s.expanded)
  const searchCollapsed = useTreeStore((s) => s.searchCollapsed)
  const query = useDeferredValue(useTreeStore((s) => s.query))
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const activeKey = useTreeStore((s) => s.activeKey)
  const revealNonce = useTreeStore((s) => s.revealNonce)
  const scrollRef = useRef<HTMLDivElement>(null)
  const sessions = useRobotStore((s) => s.sessions)
  const nearby = useRobotStore((s) => s.nearby)
  const coreReachable = useRobotStore((s) => s.coreReachable)
  const lastSyncAt = useAppStore((s) => s.status?.lastSyncAt ?? null)
  const now = useNow(60_000)
  const sessionByMachine = useMemo(() => {
    const m = new Map<string, { state: RobotSessionState; attempts: number }>()
    for (const s of Object.values(sessions))
      if (s.machineId && s.state !== 'closed') m.set(s.machineId, { state: s.state, attempts: s.attempts })
    return m
  }, [sessions])
  const nearbyMachines = useMemo(
    () => new Set(nearby.flatMap((n) => (n.machineId ? [n.machineId as string] : []))),
    [nearby],
  )

  const rows = useMemo(
    () => (index ? flattenFleetTree(index, { expanded, searchCollapsed, query }) : []),
    [index, expanded, searchCollapsed, query],
  )
  const rowIndex = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows])
  const rowsForSizes = useRef(rows)
  const activeIndex = rowIndex.get(activeKey ?? '') ?? rowIndex.get(selectedKey ?? '') ?? 0

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => {
      const row = rows[i]
      return row && showsIdMatch(row, query) ? TALL_ROW_HEIGHT : ROW_HEIGHT
    },
    overscan: 12,
    getItemKey: (i) => rows[i]?.key ?? i,
  })

  // Row heights depend on the search (tall rows for id matches): measure again when the rows change.
  useEffect(() => {
    if (rowsForSizes.current === rows) return
    rowsForSizes.current = rows
    virtualizer.measure()
  }, [rows, virtualizer])

  // Open the tree on the first load with something to show (see initialExpansion).
  const opened = useRef(false)
  useEffect(() => {
    if (!index || opened.current || index.machines.size === 0) return
    opened.current = true
    useTreeStore.getState().expandAll(initialExpansion(index))
  }, [index])

  useEffect(() => {
    if (index) announceTreePainted()
  }, [index])

  // A selection made elsewhere (overview, breadcrumb) is revealed: ancestors opened, row scrolled to.
  const pendingReveal = useRef<string | null>(null)
  useEffect(() => {
    const { selectedKey: key } = useTreeStore.getState()
    if (!index || !key || revealNonce === 0) return
    pendingReveal.current = key
    useTreeStore.getState().expandAll(ancestorKeys(index, key))
  }, [revealNonce, index])
  useEffect(() => {
    const key = pendingReveal.current
    if (!key) return
    const i = rowIndex.get(key)
    if (i === undefined) return
    pendingReveal.current = null
    virtualizer.scrollToIndex(i, { align: 'auto' })
  }, [rowIndex, virtualizer])

  // From the search box: focus the tree on the first match, so Enter then opens it.
  const enterTreeNonce = useTreeStore((s) => s.enterTreeNonce)
  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  })
  useEffect(() => {
    if (enterTreeNonce === 0) return
    const current = rowsRef.current
    const i = Math.max(
      current.findIndex((r) => r.matched),
      0,
    )
    const row = current[i]
    if (row) useTreeStore.getState().setActive(row.key)
    virtualizer.scrollToIndex(i, { align: 'auto' })
    scrollRef.current?.focus()
  }, [enterTreeNonce, virtualizer])

  const onToggle = useCallback(
    (row: TreeRow) => useTreeStore.getState().setExpanded(row.key, !row.expanded),
    [],
  )
  const onOpen = useCallback((row: TreeRow) => {
    useTreeStore.getState().setActive(row.key)
    openTreeNode(row)
  }, [])

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape' && useTreeStore.getState().query) {
      e.preventDefault()
      useTreeStore.getState().setQuery('')
      return
    }
    const action = treeKeyAction(rows, activeIndex, e.key)
    if (action.type === 'none') return
    e.preventDefault()
    const tree = useTreeStore.getState()
    switch (action.type) {
      case 'focus': {
        const row = rows[action.index]
        if (row) tree.setActive(row.key)
        virtualizer.scrollToIndex(action.index, { align: 'auto' })
        break
      }
      case 'expand':
        tree.setExpanded(action.key, true)
        break
      case 'collapse':
        tree.setExpanded(action.key, false)
        break
      case 'open': {
        const row = rows[activeIndex]
        if (row) openTreeNode(row)
        break
      }
    }
  }

  if (index && rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md">
        {query.trim()
          ? `Nothing matches "${query.trim()}". Press Escape to clear the search.`
          : 'No machines yet.'}
      </Text>
    )
  }

  return (
    <Box
      ref={scrollRef}
      role="tree"
      aria-label="Fleet"
      tabIndex={0}
      id="fleet-tree"
      className="fd-tree"
      aria-activedescendant={rows.length > 0 ? `fd-tree-row-${activeIndex}` : undefined}
      onKeyDown={onKeyDown}
      style={{ flex: '1 1 auto', minHeight: 0, overflow: 'auto' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]
          if (!row) return null
          return (
            <FleetTreeRow
              key={row.key}
              row={row}
              domId={`fd-tree-row-${item.index}`}
              top={item.start}
              selected={row.key === selectedKey}
              active={item.index === activeIndex}
              session={row.kind === 'machine' ? sessionByMachine.get(row.id)?.state : undefined}
              sessionAttempts={row.kind === 'machine' ? sessionByMachine.get(row.id)?.attempts : undefined}
              nearby={row.kind === 'machine' && nearbyMachines.has(row.id)}
              lastSyncAt={lastSyncAt}
              coreReachable={coreReachable}
              query={query}
              tall={showsIdMatch(row, query)}
              now={now}
              onOpen={onOpen}
              onToggle={onToggle}
            />
          )
        })}
      </div>
    </Box>
  )
}
