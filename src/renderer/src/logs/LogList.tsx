import { Box, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { LogEntry } from '../../../shared/domain/model'
import { useNow } from '../common/useNow'
import type { LogRow } from './LogBuffer'
import { LogRowView } from './LogRowView'
import { localDay, spansOtherDays } from './logTime'

const ROW_HEIGHT = 22

interface Props {
  rows: readonly LogRow[]
  active: boolean
  /** Stick to the newest line as lines arrive; scrolling up turns it off. */
  following: boolean
  onFollowingChange(following: boolean): void
}

/** Where the arrow keys and Home/End move from `index` in a list of `count` rows (null: not ours). */
function keyTarget(key: string, index: number, count: number, page: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1)
    case 'ArrowUp':
      return Math.max(0, index - 1)
    case 'PageDown':
      return Math.min(count - 1, index + page)
    case 'PageUp':
      return Math.max(0, index - page)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/**
 * The log lines, virtualized: a hundred thousand lines scroll like a hundred. A row opens to show
 * its whole message and fields (click, or Enter / Space on the focused row; arrows move between
 * rows); rows are measured as they render, so an opened row pushes the ones below down.
 */
export function LogList({ rows, active, following, onFollowingChange }: Props): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null)
  // Opened rows by entry: entries keep their identity when history is merged in and rows renumbered.
  const [opened, setOpened] = useState<ReadonlySet<LogEntry>>(() => new Set())
  const [cursor, setCursor] = useState(0)
  const focusAfterRender = useRef<number | null>(null)
  const now = useNow(60_000)
  const today = localDay(now)

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Sizes are remembered per row, not per position, so an opened row keeps its height as rows
    // before it are dropped or filtered out.
    getItemKey: (index) => rows[index]?.ordinal ?? index,
    overscan: 20,
  })

  // Follow the newest line on each change while following (and only while the tab is visible).
  useEffect(() => {
    if (!following || !active || rows.length === 0) return
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' })
  })

  // A row moved to with the keyboard is focused once it is rendered.
  useEffect(() => {
    const index = focusAfterRender.current
    if (index === null) return
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-line-index="${index}"]`)
    if (el) {
      focusAfterRender.current = null
      el.focus({ preventScroll: true })
    }
  })

  const rowsRef = useRef(rows)
  rowsRef.current = rows

  const openedRef = useRef(opened)
  openedRef.current = opened

  const toggle = useCallback(
    (index: number): void => {
      const entry = rowsRef.current[index]?.entry
      if (!entry) return
      const next = new Set(openedRef.current)
      if (next.has(entry)) {
        next.delete(entry)
        // Closed rows are not measured (see LogRowView): give it back its one-line height.
        virtualizer.resizeItem(index, ROW_HEIGHT)
      } else {
        next.add(entry)
        // Reading a line: new lines arriving must not scroll it away.
        onFollowingChange(false)
      }
      setCursor(index)
      setOpened(next)
    },
    [onFollowingChange, virtualizer],
  )

  const onKey = useCallback(
    (index: number, e: KeyboardEvent<HTMLDivElement>): void => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        toggle(index)
        return
      }
      const el = scrollRef.current
      const page = el ? Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT) - 1) : 10
      const target = keyTarget(e.key, index, rowsRef.current.length, page)
      if (target === null) return
      e.preventDefault()
      onFollowingChange(target === rowsRef.current.length - 1)
      setCursor(target)
      focusAfterRender.current = target
      virtualizer.scrollToIndex(target, { align: 'auto' })
    },
    [toggle, onFollowingChange, virtualizer],
  )

  const onFocusRow = useCallback((index: number): void => setCursor(index), [])

  const onScroll = (): void => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5
    if (atBottom !== following) onFollowingChange(atBottom)
  }

  const first = rows[0]?.entry.time
  const last = rows[rows.length - 1]?.entry.time
  const dated = spansOtherDays(first && last ? { first, last } : null, today)
  const current = Math.min(cursor, rows.length - 1)

  return (
    <Box
      ref={scrollRef}
      className="fd-log-list"
      data-testid="logs-list"
      data-count={rows.length}
      data-dated={dated}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-label="Log lines: arrows move between lines, Enter or Space opens one in full"
      aria-live="off"
      onFocus={(e) => {
        // Tabbing into the list lands on its current row (rendered or not: the list scrolls to it).
        // Coming back from one of its rows (Shift+Tab) stays on the list, so focus can leave; a
        // click (on the scrollbar, say) is not keyboard focus and scrolls nowhere.
        const list = e.currentTarget
        const from = e.relatedTarget instanceof Node ? e.relatedTarget : null
        const keyboard = list.matches(':focus-visible')
        if (e.target === list && keyboard && rows.length > 0 && !list.contains(from)) {
          focusAfterRender.current = current
          virtualizer.scrollToIndex(current, { align: 'auto' })
        }
      }}
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm">
          No log lines match.
        </Text>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]
            return row ? (
              <LogRowView
                key={row.ordinal}
                entry={row.entry}
                index={item.index}
                top={item.start}
                open={opened.has(row.entry)}
                current={item.index === current}
                today={today}
                measure={virtualizer.measureElement}
                onToggle={toggle}
                onKey={onKey}
                onFocusRow={onFocusRow}
              />
            ) : null
          })}
        </div>
      )}
    </Box>
  )
}
