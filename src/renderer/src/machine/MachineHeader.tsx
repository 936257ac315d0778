import { Badge, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { IconClockUp } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { MachineView } from '../../../shared/api/views'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { isSessionOpen } from '../robots/sessionText'
import { useRobotStore, useSession } from '../state/useRobotStore'
import { LiveStatusFacts } from './LiveStatusFacts'
import { MachineConnectButton } from './MachineConnectButton'
import { SessionStateBadge } from '../robots/SessionState'
import { StatusBadge } from './StatusIndicator'
import { Fact } from '../common/Fact'

/**
 * Name, where it is, its status, and whether it holds edits not yet on the hub; with a robot session,
 * its state, a connect or disconnect button, and what the robot reports live.
 */
export function MachineHeader({
  view,
  pending,
  robotPartId,
}: {
  view: MachineView
  pending: boolean
  /** The part a session goes to (see robotPartFor). */
  robotPartId: string | null
}): ReactElement {
  const m = view.machine
  const path = [view.org.name, ...view.locationPath.map((l) => l.name)].join(' / ')
  const session = useSession(robotPartId)
  const seenAt = useRobotStore((s) => {
    const n = s.nearby.find((r) => r.partId === robotPartId)
    return n ? `${n.host}:${n.port}` : null
  })
  return (
    <Stack gap={4} px="md" pt="md" pb="xs">
      <Group gap="sm" wrap="nowrap" justify="space-between">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Title order={3} style={{ minWidth: 0 }} lineClamp={1}>
            {m.name}
          </Title>
          {/* The hub's last word on the machine; a session to it says more, and says it now. */}
          {isSessionOpen(session) ? null : <StatusBadge status={m.status} />}
          {pending ? (
            <Tooltip label="Your saved edit is kept on this computer and goes to the hub when it is reachable.">
              <Badge
                color="yellow"
                variant="light"
                size="lg"
                tt="none"
                leftSection={<IconClockUp size={14} aria-hidden="true" />}
                data-testid="pending-marker"
              >
                Saved locally, not yet synced
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
        {robotPartId && view.capabilities.canControl ? (
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: '0 1 auto' }}>
            {seenAt && !isSessionOpen(session) ? (
              <Text size="sm" c="dimmed" mt={6} data-testid="seen-on-lan">
                On the LAN at <span className="fd-mono">{seenAt}</span>
              </Text>
            ) : null}
            <SessionStateBadge session={session} />
            <MachineConnectButton partId={robotPartId} machineName={m.name} known session={session} />
          </Group>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {path}
      </Text>
      <Group gap="lg">
        <Fact label="Version" mono>
          {m.version ?? 'unknown'}
        </Fact>
        <Fact label="Config revision" mono>
          {m.revision}
        </Fact>
        <Fact label="Last seen">
          <span title={formatDateTime(m.lastSeenAt)}>{formatRelative(m.lastSeenAt)}</span>
        </Fact>
        <Fact label="Id" mono>
          {m.id}
        </Fact>
        <Fact label="Your role">{view.role}</Fact>
      </Group>
      {robotPartId && isSessionOpen(session) && session.state === 'live' ? (
        <LiveStatusFacts partId={robotPartId} />
      ) : null}
    </Stack>
  )
}
