import { ActionIcon, Tooltip } from '@mantine/core'
import { IconChevronDown, IconChevronRight, IconCopy } from '@tabler/icons-react'
import { memo, type KeyboardEvent, type ReactElement } from 'react'
import type { LogEntry } from '../../../shared/domain/model'
import { fieldRows, fullLogTime, logTimeLabel } from './logTime'

interface Props {
  entry: LogEntry
  index: number
  top: number
  open: boolean
  /** The row keyboard focus enters the list at (roving tabindex). */
  current: boolean
  today: string
  measure: (el: HTMLElement | null) => void
  onToggle(index: number): void
  onKey(index: number, e: KeyboardEvent<HTMLDivElement>): void
  onFocusRow(index: number): void
}

const copy = (entry: LogEntry): void => void navigator.clipboard?.writeText(JSON.stringify(entry))

/**
 * One log line. Closed it is one dense line (cut off with an ellipsis); opened (click, Enter or
 * Space) it also shows the whole message wrapped and every structured field, and grows: the list
 * measures each rendered row, so the rows below move down.
 */
export const LogRowView = memo(function LogRowView({
  entry,
  index,
  top,
  open,
  current,
  today,
  measure,
  onToggle,
  onKey,
  onFocusRow,
}: Props): ReactElement {
  const inline = Object.keys(entry.fields).length > 0 ? JSON.stringify(entry.fields) : ''
  const fields = open ? fieldRows(entry.fields) : []
  const detailId = `log-detail-${index}`
  return (
    <div
      // Only an opened row is measured: a closed one is one line of known height, so the thousands
      // of rows that stream past while following cost no layout reads.
      ref={open ? measure : undefined}
      className="fd-log-row"
      data-index={index}
      data-testid="log-row"
      data-level={entry.level}
      data-time={entry.time}
      data-open={open}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div
        className="fd-log-line"
        role="button"
        tabIndex={current ? 0 : -1}
        aria-expanded={open}
        aria-controls={open ? detailId : undefined}
        data-testid="log-line"
        data-line-index={index}
        onClick={() => onToggle(index)}
        onKeyDown={(e) => onKey(index, e)}
        onFocus={() => onFocusRow(index)}
      >
        <span className="fd-log-chevron" aria-hidden="true">
          {open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
        </span>
        <span className="fd-log-time" data-testid="log-time">
          {logTimeLabel(entry.time, today)}
        </span>
        <span className="fd-log-level" data-level={entry.level}>
          {entry.level.toUpperCase()}
        </span>
        <span className="fd-log-logger">{entry.logger}</span>
        <span className="fd-log-message">
          {entry.message}
          {inline ? <span className="fd-log-fields"> {inline}</span> : null}
        </span>
      </div>
      {open ? (
        <div
          className="fd-log-detail"
          id={detailId}
          role="region"
          aria-label="The whole log line"
          data-testid="log-row-detail"
        >
          <div className="fd-log-detail-head">
            <span>
              {fullLogTime(entry.time)} · {entry.level.toUpperCase()} · {entry.logger}
            </span>
            <Tooltip label="Copy this line as JSON">
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label="Copy this line as JSON"
                onClick={() => copy(entry)}
              >
                <IconCopy size={14} />
              </ActionIcon>
            </Tooltip>
          </div>
          <div className="fd-log-detail-message">{entry.message}</div>
          {fields.length > 0 ? (
            <dl className="fd-log-detail-fields">
              {fields.map((f) => (
                <div key={f.key}>
                  <dt>{f.key}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      ) : null}
    </div>
  )
})
