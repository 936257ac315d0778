import { Badge, Group, Text } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconHistory,
  IconLoader2,
  IconPlugConnectedX,
} from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { MachineStatus } from '../../../shared/domain/model'
import { statusLabel } from './statusText'
import { statusColor } from '../common/theme'
import type { Headline, StatusTone } from './machineStatusFacts'

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

const toneColor: Readonly<Record<StatusTone, string>> = {
  good: 'green',
  busy: 'blue',
  warn: 'yellow',
  bad: 'orange',
  neutral: 'gray',
  stale: 'gray',
}
const toneIcon = {
  good: IconCircleCheck,
  busy: IconLoader2,
  warn: IconAlertTriangle,
  bad: IconAlertTriangle,
  neutral: IconPlugConnectedX,
  stale: IconHistory,
} as const

/**
 * The machine's one status word with where it comes from (machineStatusFacts): a word from an old
 * or never-made sync is drawn as an outline, so it does not pass for a live green light.
 */
export function HeadlineBadge({ headline }: { headline: Headline }): ReactElement {
  const Icon =
    headline.dot === 'never-seen' && headline.tone === 'neutral' ? IconCircleDashed : toneIcon[headline.tone]
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid="machine-status"
      data-tone={headline.tone}
      data-word={headline.word}
    >
      <Badge
        variant={headline.tone === 'stale' ? 'outline' : 'light'}
        color={toneColor[headline.tone]}
        size="lg"
        leftSection={<Icon size={14} aria-hidden="true" />}
        style={{ flex: 'none' }}
      >
        {headline.word}
      </Badge>
      <Text size="xs" c="dimmed" data-testid="machine-status-source">
        {headline.source}
      </Text>
    </Group>
  )
}
