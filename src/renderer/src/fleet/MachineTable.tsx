import { Box, Text, Tooltip } from '@mantine/core'
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { nodeKey } from '../state/buildFleetIndex'
import type { OverviewRow, OverviewSortKey } from './sortFilterMachines'
import { openTreeNode } from './openTreeNode'
import { StatusText } from '../machine/StatusIndicator'
import { useNow } from '../common/useNow'

const ROW_HEIGHT = 34
const GRID = '130px minmax(160px, 2fr) minmax(140px, 2fr) 110px 100px 80px 80px'

// Status and last seen are the hub's, as last synced (docs/status-words.md): the tree's word for a
// machine this computer has a session to, or hears on the LAN, is fresher and may differ.
const HUB =
  'As the hub reported it at the last sync; the tree and the machine page add what this computer sees now (LAN, session).'
const columns: { key: OverviewSortKey; label: string; title?: string }[] = [
  { key: 'status', label: 'Hub status', title: HUB },
  { key: 'name', label: 'Machine' },
  { key: 'location', label: 'Location' },
  { key: 'lastSeen', label: 'Last seen', title: HUB },
  { key: 'version', label: 'Version' },
  { key: 'revision', label: 'Revision' },
  { key: 'pending', label: 'Pending' },
]

interface Props {
  rows: readonly OverviewRow[]
  /** What the table shows when no row does: no machines here at all, or none passes the filter. */
  empty: ReactNode
  sortKey: OverviewSortKey
  descending: boolean
  onSort(key: OverviewSortKey): void
}

function open(row: OverviewRow): void {
  const id = row.machine.id
  openTreeNode({ key: nodeKey('machine', id), kind: 'machine', id, expandable: false, expanded: false })
}

/** Dense, sortable, virtualized: a location with thousands of machines renders only what is in view. */
export function MachineTable({ rows, empty, sortKey, descending, onSort }: Props): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null)
  const now = useNow(30_000)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]?.machine.id ?? i,
  })
  const onRowKey = (e: KeyboardEvent, row: OverviewRow): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      open(row)
    }
  }

  return (
    <div
      role="table"
      aria-label="Machines"
      aria-rowcount={rows.length + 1}
      style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
    >
      <div
        role="row"
        className="fd-table-row fd-table-head"
        style={{ gridTemplateColumns: GRID, flex: 'none' }}
      >
        {columns.map((c) => (
          <div
            key={c.key}
            role="columnheader"
            aria-sort={c.key === sortKey ? (descending ? 'descending' : 'ascending') : 'none'}
          >
            <button type="button" className="fd-sort-button" onClick={() => onSort(c.key)} title={c.title}>
              {c.label}
              {c.key === sortKey ? (
                descending ? (
                  <IconArrowDown size={12} />
                ) : (
                  <IconArrowUp size={12} />
                )
              ) : null}
            </button>
          </div>
        ))}
      </div>
      <div ref={scrollRef} style={{ flex: '1 1 auto', minHeight: 0, overflow: 'auto' }}>
        {rows.length === 0 ? (
          <Box p="md" data-testid="overview-empty">
            {empty}
          </Box>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]
            if (!row) return null
            const m = row.machine
            return (
              <div
                key={m.id}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={0}
                className="fd-table-row"
                data-testid="overview-row"
                data-id={m.id}
                onClick={() => open(row)}
                onKeyDown={(e) => onRowKey(e, row)}
                style={{
                  gridTemplateColumns: GRID,
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <div role="cell">
                  <StatusText status={m.status} />
                </div>
                <div role="cell" title={m.id}>
                  {m.name}
                </div>
                <div role="cell">
                  <Text span size="sm" c="dimmed">
                    {row.location}
                  </Text>
                </div>
                <div role="cell">
                  <Tooltip label={formatDateTime(m.lastSeenAt)} openDelay={400}>
                    <span>{formatRelative(m.lastSeenAt, now)}</span>
                  </Tooltip>
                </div>
                <div role="cell" className="fd-mono">
                  {m.version ?? '—'}
                </div>
                <div role="cell" className="fd-mono">
                  {m.revision}
                </div>
                <div role="cell">
                  {m.pendingEdits > 0 ? (
                    <Text span size="sm" c="yellow" fw={600}>
                      {m.pendingEdits} pending
                    </Text>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </div>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
