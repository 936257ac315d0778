import { Box, Button, Text } from '@mantine/core'
import { IconArrowDown } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, type KeyboardEvent, type ReactElement, type WheelEvent } from 'react'
import type { ConsoleLine } from '../../../shared/api/serialViews'
import type { ConsoleFeed } from './ConsoleFeed'
import { consoleTime, eolMark, lineBytesHex, spacedHex, visibleText } from './consoleText'

const ROW_HEIGHT = 20
const SCROLL_UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home'])
/** Stable, so the virtualizer does not recompute 10,000 sizes on every render. */
const rowHeight = (): number => ROW_HEIGHT

interface Props {
  feed: ConsoleFeed
  version: number
  hex: boolean
  following: boolean
  onFollowingChange(following: boolean): void
}

const ConsoleRow = memo(function ConsoleRow({
  line,
  top,
  hex,
  partial,
}: {
  line: ConsoleLine
  top: number
  hex: boolean
  partial: boolean
}): ReactElement {
  return (
    <div
      className="fd-console-row"
      data-dir={line.dir}
      data-partial={partial || undefined}
      data-testid="console-line"
      style={{ transform: `translateY(${top}px)` }}
    >
      <span className="fd-console-time">{consoleTime(line.at)}</span>
      <span className="fd-console-dir" aria-label={line.dir === 'in' ? 'received' : 'sent'}>
        {line.dir === 'in' ? '‹' : '›'}
      </span>
      <span
        className="fd-console-text"
        data-testid="console-text"
        // A line wider than the view scrolls sideways; hovering shows it whole.
        title={line.text.length > 120 ? line.text : undefined}
      >
        {hex ? spacedHex(lineBytesHex(line)) : visibleText(line.text) + eolMark(line.eol)}
      </span>
    </div>
  )
})

/**
 * The console's lines, virtualized at a fixed row height (only the rows on screen exist, so 10,000
 * lines cost as much as 40). Long lines scroll sideways rather than wrap: a row's height never
 * changes, and following the newest line stays cheap under a flood. Scrolling up pauses following.
 */
export function ConsoleList({ feed, version, hex, following, onFollowingChange }: Props): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null)
  const count = feed.size
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    // Rows are all one height, so the default keys (indexes) keep sizing trivial as lines shift.
    overscan: 10,
  })

  // While a pointer is down on the list (dragging its scrollbar, selecting text) following waits:
  // moving the rows under a drag would fight the hand.
  const holding = useRef(false)

  // Rows dropped from the front shift every index: while following, the end is what matters.
  useEffect(() => {
    if (!following || count === 0 || holding.current) return
    const el = scrollRef.current
    if (el) el.scrollTop = el.scrollHeight
  }, [following, count, version])

  const onScroll = (): void => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5
    if (atBottom !== following) onFollowingChange(atBottom)
  }
  // The scroll event comes a frame after the scroll, so a line landing in between scrolled the view
  // back down and the pause was lost. Wheel and keys say what the user means before any scroll.
  const onWheel = (e: WheelEvent<HTMLDivElement>): void => {
    if (e.deltaY < 0 && following) onFollowingChange(false)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (SCROLL_UP_KEYS.has(e.key) && following) onFollowingChange(false)
  }
  // Released anywhere: a scrollbar drag often ends outside the list.
  const hold = (): void => {
    holding.current = true
    const release = (): void => {
      window.removeEventListener('pointerup', release)
      window.removeEventListener('pointercancel', release)
      holding.current = false
      onScroll()
    }
    window.addEventListener('pointerup', release)
    window.addEventListener('pointercancel', release)
  }

  const partialIndex = feed.partial ? count - 1 : -1
  return (
    <Box style={{ position: 'relative', flex: '1 1 auto', minHeight: 0, display: 'flex' }}>
      <div
        ref={scrollRef}
        className="fd-console-list"
        data-testid="console-list"
        data-count={count}
        data-hex={hex}
        onScroll={onScroll}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        onPointerDown={hold}
        role="log"
        aria-label="Serial console output"
        aria-live="off"
        tabIndex={0}
      >
        {count === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            Nothing received yet.
          </Text>
        ) : (
          <div
            style={{
              height: virtualizer.getTotalSize(),
              position: 'relative',
              minWidth: '100%',
              width: 'max-content',
            }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const line = feed.at(item.index)
              return line ? (
                <ConsoleRow
                  key={line.seq}
                  line={line}
                  top={item.start}
                  hex={hex}
                  partial={item.index === partialIndex}
                />
              ) : null
            })}
          </div>
        )}
      </div>
      {!following && count > 0 ? (
        <Button
          className="fd-console-latest"
          size="xs"
          leftSection={<IconArrowDown size={14} />}
          onClick={() => onFollowingChange(true)}
          data-testid="console-jump-latest"
        >
          Jump to latest
        </Button>
      ) : null}
    </Box>
  )
}
