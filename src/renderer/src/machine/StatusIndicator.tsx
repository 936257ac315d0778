import { Badge, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconPlugConnectedX } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { MachineStatus } from '../../../shared/domain/model'
import { statusLabel } from './statusText'
import { statusColor } from '../theme'

const icons = {
  online: IconCircleCheck,
  offline: IconPlugConnectedX,
  unreachable: IconAlertTriangle,
  'never-seen': IconCircleDashed,
} as const

/** A coloured dot; decorative, since a word or icon always says the same next to it. */
export function StatusDot({ status }: { status: MachineStatus }): ReactElement {
  return <span className="fd-status-dot" data-status={status} aria-hidden="true" />
}

/** Dot plus word, for dense rows (tree, table). */
export function StatusText({
  status,
  size = 'xs',
}: {
  status: MachineStatus
  size?: 'xs' | 'sm'
}): ReactElement {
  return (
    <Group gap={6} wrap="nowrap" data-status={status}>
      <StatusDot status={status} />
      <Text size={size} c="dimmed" className="fd-status-word">
        {statusLabel(status)}
      </Text>
    </Group>
  )
}

/** Icon plus word in a badge, for the machine header. */
export function StatusBadge({ status }: { status: MachineStatus }): ReactElement {
  const Icon = icons[status]
  return (
    <Badge
      variant="light"
      color={statusColor[status]}
      size="lg"
      leftSection={<Icon size={14} aria-hidden="true" />}
      data-status={status}
    >
      {statusLabel(status)}
    </Badge>
  )
}
