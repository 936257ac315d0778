import { Badge, Group, Loader, Stack, Text, Tooltip } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconHelpCircle,
  IconPlugConnectedX,
  IconRefresh,
  type Icon,
} from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { RobotSessionState, RobotSessionVia, RobotSessionView } from '../../../shared/api/robotViews'
import { sessionColor, sessionLabel } from './sessionText'
import { useRobotStore } from '../state/useRobotStore'

/** Said in place of a session's state while the page has lost the core. */
const UNKNOWN_WHY =
  'This page has lost the Fleetdesk core: it cannot tell whether the session is still live. It reconnects by itself.'

const icons: Record<Exclude<RobotSessionState, 'connecting'>, Icon> = {
  live: IconCircleCheck,
  reconnecting: IconRefresh,
  unreachable: IconAlertTriangle,
  closed: IconPlugConnectedX,
}

function StateIcon({ state, size }: { state: RobotSessionState; size: number }): ReactElement {
  if (state === 'connecting')
    return <Loader size={size - 2} color={sessionColor.connecting} aria-hidden="true" />
  const I = icons[state]
  return <I size={size} aria-hidden="true" />
}

/** The path a session runs over, in the badge (a new path fails to compile until it is named). */
const VIA_LABEL: Readonly<Record<RobotSessionVia, string>> = {
  lan: 'LAN',
  memory: 'in memory',
  serial: 'USB serial',
}

/**
 * A robot session's state for the machine header: icon, word and, when something went wrong, why.
 * `data-state` is what tests and styles key on; the word is what people read.
 */
export function SessionStateBadge({
  session,
  testId = 'session-state',
}: {
  session: RobotSessionView | null
  testId?: string
}): ReactElement {
  const reachable = useRobotStore((s) => s.coreReachable)
  const state = session?.state ?? 'closed'
  const error = session?.error ?? null
  if (!reachable) {
    return (
      <Stack gap={2} align="flex-end" data-testid={testId} data-state="unknown" style={{ minWidth: 0 }}>
        <Tooltip label={UNKNOWN_WHY} multiline w={320} withArrow>
          <Badge
            variant="outline"
            color="yellow"
            size="lg"
            tt="none"
            leftSection={<IconHelpCircle size={14} aria-hidden="true" />}
            style={{ flex: 'none' }}
          >
            Session unknown: core disconnected
          </Badge>
        </Tooltip>
      </Stack>
    )
  }
  return (
    <Stack
      gap={2}
      align="flex-end"
      data-testid={testId}
      data-state={state}
      data-via={session?.via ?? undefined}
      style={{ minWidth: 0, maxWidth: 420 }}
    >
      <Badge
        variant="light"
        color={sessionColor[state]}
        size="lg"
        tt="none"
        leftSection={<StateIcon state={state} size={14} />}
        style={{ flex: 'none' }}
      >
        {state === 'closed' ? 'Not connected' : `Robot ${sessionLabel(state).toLowerCase()}`}
        {session?.role && state !== 'closed' ? ` · ${session.role}` : ''}
        {session?.via && state !== 'closed' ? ` · ${VIA_LABEL[session.via]}` : ''}
      </Badge>
      {error ? (
        <Tooltip label={error} multiline w={420} withArrow>
          <Text
            size="xs"
            c={state === 'closed' ? 'dimmed' : 'orange'}
            lineClamp={2}
            ta="right"
            data-testid="session-error"
          >
            {error}
          </Text>
        </Tooltip>
      ) : null}
    </Stack>
  )
}

/** Icon and word, small, for dense rows (the Nearby list). */
export function SessionStateText({ state }: { state: RobotSessionState }): ReactElement {
  const reachable = useRobotStore((s) => s.coreReachable)
  if (!reachable) {
    return (
      <Group gap={4} wrap="nowrap" data-session-state="unknown" c="yellow" title={UNKNOWN_WHY}>
        <IconHelpCircle size={13} aria-hidden="true" />
        <Text span size="xs" fw={600}>
          Unknown
        </Text>
      </Group>
    )
  }
  return (
    <Group gap={4} wrap="nowrap" data-session-state={state} c={sessionColor[state]}>
      <StateIcon state={state} size={13} />
      <Text span size="xs" fw={600}>
        {sessionLabel(state)}
      </Text>
    </Group>
  )
}
