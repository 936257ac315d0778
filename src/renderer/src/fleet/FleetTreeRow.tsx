import { Text } from '@mantine/core'
import {
  IconBuildingFactory2,
  IconChevronDown,
  IconChevronRight,
  IconCpu,
  IconMapPin,
  IconPencil,
  IconRobot,
} from '@tabler/icons-react'
import { memo, type CSSProperties, type MouseEvent, type ReactElement } from 'react'
import type { RobotSessionState } from '../../../shared/api/robotViews'
import type { TreeRow } from './flattenFleetTree'
import { machineHeadline, rowStatus } from '../machine/machineStatusFacts'
import { StatusDot } from '../machine/StatusIndicator'
import { matchWindow, splitMatch, type MatchParts } from './matchText'

interface Props {
  row: TreeRow
  domId: string
  selected: boolean
  active: boolean
  /** Offset in the virtual list; a number rather than a style object so memo can compare it. */
  top: number
  /** This computer's open session to this machine, if any: it says more than the cached status. */
  session?: RobotSessionState | undefined
  sessionAttempts?: number | undefined
  /** Whether discovery lists this machine's robot on the LAN now. */
  nearby: boolean
  lastSyncAt: string | null
  coreReachable: boolean
  /** The search, to show in each row what it matched. */
  query: string
  /** Shows the id under the name: the search matched the id (see FleetTree's showsIdMatch). */
  tall: boolean
  /** The clock for "as of the last sync 3 min ago" in a row's tooltip (a minute's resolution). */
  now: number
  onOpen(row: TreeRow): void
  onToggle(row: TreeRow): void
}

/** Each level of the tree indents by this much: enough to read the nesting, little enough that names fit. */
export const TREE_INDENT = 12

const rowBase: CSSProperties = { position: 'absolute', top: 0, left: 0, right: 0 }

const kindIcon = {
  org: IconBuildingFactory2,
  location: IconMapPin,
  machine: IconRobot,
  part: IconCpu,
} as const

function Highlighted({ parts }: { parts: MatchParts }): ReactElement {
  return (
    <>
      {parts.before}
      <mark className="fd-match">{parts.match}</mark>
      {parts.after}
    </>
  )
}

/** One line of the fleet tree. Memoized: scrolling re-renders only rows whose props changed. */
export const FleetTreeRow = memo(function FleetTreeRow(props: Props): ReactElement {
  const { row, selected, active, query } = props
  const Icon = kindIcon[row.kind]
  const onToggle = (e: MouseEvent): void => {
    e.stopPropagation()
    props.onToggle(row)
  }
  const machine = row.kind === 'machine' ? row.machine : null
  const status = machine
    ? rowStatus(
        machineHeadline({
          status: machine.status,
          lastSyncAt: props.lastSyncAt,
          nearby: props.nearby,
          session: props.session ? { state: props.session, attempts: props.sessionAttempts ?? 0 } : null,
          coreReachable: props.coreReachable,
          now: props.now,
        }),
      )
    : null
  // What the search matched: in the name (highlighted), else in the id (shown, around the match).
  const nameMatch = row.matched ? splitMatch(row.name, query) : null
  const idMatch = props.tall ? matchWindow(row.id, query, 12) : null
  return (
    <div
      id={props.domId}
      role="treeitem"
      data-testid="tree-row"
      data-kind={row.kind}
      data-id={row.id}
      data-cursor={active}
      data-matched={row.matched}
      data-session={machine && props.session && props.session !== 'closed' ? props.session : undefined}
      data-tall={props.tall}
      aria-level={row.depth + 1}
      aria-expanded={row.expandable ? row.expanded : undefined}
      aria-selected={selected}
      className="fd-tree-row"
      style={{
        ...rowBase,
        transform: `translateY(${props.top}px)`,
        paddingLeft: 4 + row.depth * TREE_INDENT,
      }}
      onClick={() => props.onOpen(row)}
      title={status ? `${row.name}: ${status.title}` : row.name}
    >
      <span className="fd-tree-toggle" onClick={row.expandable ? onToggle : undefined} aria-hidden="true">
        {row.expandable ? (
          row.expanded ? (
            <IconChevronDown size={14} />
          ) : (
            <IconChevronRight size={14} />
          )
        ) : null}
      </span>
      {/* A machine row is marked by its status dot; the other kinds by their icon. */}
      {status ? (
        <StatusDot status={status.dot} />
      ) : (
        <Icon size={15} stroke={1.6} aria-hidden="true" style={{ flex: 'none', opacity: 0.75 }} />
      )}
      <span className="fd-tree-label">
        <span className="fd-tree-name" style={row.kind === 'org' ? { fontWeight: 600 } : undefined}>
          {nameMatch ? <Highlighted parts={nameMatch} /> : row.name}
        </span>
        {idMatch ? (
          <span className="fd-tree-id fd-mono" data-testid="tree-id-match">
            <Highlighted parts={idMatch} />
          </span>
        ) : null}
      </span>
      <span className="fd-tree-end">
        {machine && machine.pendingEdits > 0 ? (
          <IconPencil size={13} aria-label="has edits not yet synced" color="var(--mantine-color-yellow-6)" />
        ) : null}
        {status ? (
          <Text
            span
            size="xs"
            c={props.session && props.session !== 'closed' ? undefined : 'dimmed'}
            fw={props.session && props.session !== 'closed' ? 600 : undefined}
            data-testid="tree-status"
          >
            {status.word}
          </Text>
        ) : row.kind === 'part' ? (
          <Text span size="xs" c="dimmed">
            {row.part?.isMain ? 'main part' : 'part'}
          </Text>
        ) : (
          <Text span size="xs" c="dimmed" aria-label={`${row.machineCount} machines`}>
            {row.machineCount}
          </Text>
        )}
      </span>
    </div>
  )
})
