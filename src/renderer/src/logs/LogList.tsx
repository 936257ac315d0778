import { Box, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, type ReactElement } from 'react'
import type { LogEntry } from '../../../shared/domain/model'
import type { LogRow } from './LogBuffer'

const ROW_HEIGHT = 22

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
function clock(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

const LogLine = memo(function LogLine({ entry, top }: { entry: LogEntry; top: number }): ReactElement {
  const fields = Object.keys(entry.fields).length > 0 ? JSON.stringify(entry.fields) : ''
  return (
    <div
      className="fd-log-row"
      data-testid="log-row"
      data-level={entry.level}
      style={{ transform: `translateY(${top}px)` }}
      title={`${entry.time} ${entry.level.toUpperCase()} ${entry.logger}: ${entry.message}${fields ? ` ${fields}` : ''}`}
    >
      <span className="fd-log-time">{clock(entry.time)}</span>
      <span className="fd-log-level" data-level={entry.level}>
        {entry.level.toUpperCase()}
      </span>
      <span className="fd-log-logger">{entry.logger}</span>
      <span className="fd-log-message">
        {entry.message}
        {fields ? <span className="fd-log-fields"> {fields}</span> : null}
      </span>
    </div>
  )
})

interface Props {
  rows: readonly LogRow[]
  active: boolean
  /** Stick to the newest line as lines arrive; scrolling up turns it off. */
  following: boolean
  onFollowingChange(following: boolean): void
}

/** The log lines, virtualized: a hundred thousand lines scroll like a hundred. */
export function LogList({ rows, active, following, onFollowingChange }: Props): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  })

  // Follow the newest line on each change while following (and only while the tab is visible).
  useEffect(() => {
    if (!following || !active || rows.length === 0) return
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' })
  })

  const onScroll = (): void => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5
    if (atBottom !== following) onFollowingChange(atBottom)
  }

  return (
    <Box
      ref={scrollRef}
      className="fd-log-list"
      data-testid="logs-list"
      data-count={rows.length}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-label="Log lines"
      aria-live="off"
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm">
          No log lines match.
        </Text>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]
            return row ? <LogLine key={row.ordinal} entry={row.entry} top={item.start} /> : null
          })}
        </div>
      )}
    </Box>
  )
}
