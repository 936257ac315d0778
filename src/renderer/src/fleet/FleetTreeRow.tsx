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
import type { MachineStatus } from '../../../shared/domain/model'
import type { TreeRow } from './flattenFleetTree'
import { statusLabel } from '../machine/statusText'
import { sessionLabel } from '../robots/sessionText'
import { StatusDot } from '../machine/StatusIndicator'

interface Props {
  row: TreeRow
  domId: string
  selected: boolean
  active: boolean
  /** Offset in the virtual list; a number rather than a style object so memo can compare it. */
  top: number
  /** The state of an open robot session to this machine: it says more than the cached status. */
  session?: RobotSessionState | undefined
  onOpen(row: TreeRow): void
  onToggle(row: TreeRow): void
}

const rowBase: CSSProperties = { position: 'absolute', top: 0, left: 0, right: 0 }

const kindIcon = {
  org: IconBuildingFactory2,
  location: IconMapPin,
  machine: IconRobot,
  part: IconCpu,
} as const

/** A session in progress replaces the cached status: "live" is fresher than the last sync. */
function sessionShown(state: RobotSessionState | undefined): { dot: MachineStatus; word: string } | null {
  if (!state || state === 'closed') return null
  const dot: MachineStatus =
    state === 'live' ? 'online' : state === 'connecting' ? 'never-seen' : 'unreachable'
  return { dot, word: sessionLabel(state).toLowerCase() }
}

/** One line of the fleet tree. Memoized: scrolling re-renders only rows whose props changed. */
export const FleetTreeRow = memo(function FleetTreeRow(props: Props): ReactElement {
  const { row, selected, active } = props
  const Icon = kindIcon[row.kind]
  const onToggle = (e: MouseEvent): void => {
    e.stopPropagation()
    props.onToggle(row)
  }
  const machine = row.kind === 'machine' ? row.machine : null
  const session = machine ? sessionShown(props.session) : null
  return (
    <div
      id={props.domId}
      role="treeitem"
      data-testid="tree-row"
      data-kind={row.kind}
      data-id={row.id}
      data-cursor={active}
      data-matched={row.matched}
      data-session={session ? props.session : undefined}
      aria-level={row.depth + 1}
      aria-expanded={row.expandable ? row.expanded : undefined}
      aria-selected={selected}
      className="fd-tree-row"
      style={{ ...rowBase, transform: `translateY(${props.top}px)`, paddingLeft: 6 + row.depth * 16 }}
      onClick={() => props.onOpen(row)}
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
      {machine ? <StatusDot status={session?.dot ?? machine.status} /> : null}
      <Icon size={15} stroke={1.6} aria-hidden="true" style={{ flex: 'none', opacity: 0.75 }} />
      <span className="fd-tree-name" style={row.kind === 'org' ? { fontWeight: 600 } : undefined}>
        {row.name}
      </span>
      {machine && machine.pendingEdits > 0 ? (
        <IconPencil size={13} aria-label="has edits not yet synced" color="var(--mantine-color-yellow-6)" />
      ) : null}
      {machine ? (
        <Text
          span
          size="xs"
          c={session ? undefined : 'dimmed'}
          fw={session ? 600 : undefined}
          style={{ flex: 'none' }}
        >
          {session?.word ?? statusLabel(machine.status).toLowerCase()}
        </Text>
      ) : row.kind === 'part' ? (
        <Text span size="xs" c="dimmed" style={{ flex: 'none' }}>
          {row.part?.isMain ? 'main part' : 'part'}
        </Text>
      ) : (
        <Text span size="xs" c="dimmed" style={{ flex: 'none' }} aria-label={`${row.machineCount} machines`}>
          {row.machineCount}
        </Text>
      )}
    </div>
  )
})
