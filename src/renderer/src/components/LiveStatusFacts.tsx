import { Group, Text, Tooltip } from '@mantine/core'
import { IconActivityHeartbeat } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { formatDuration } from '../robot/formatDuration'
import { useRobotStore } from '../stores/useRobotStore'
import { useNow } from './useNow'

/** What the robot says about itself right now: agent version, uptime, the config revision it runs. */
export function LiveStatusFacts({ partId }: { partId: string }): ReactElement | null {
  const live = useRobotStore((s) => s.status[partId])
  const now = useNow(1000)
  if (!live) return null
  const { status, receivedAt } = live
  const unhealthy = status.resources.filter((r) => r.state === 'unhealthy').length
  return (
    <Group gap="lg" data-testid="live-status" data-revision={status.configRevision}>
      <Group gap={4} wrap="nowrap">
        <IconActivityHeartbeat size={15} aria-hidden="true" color="var(--mantine-color-green-6)" />
        <Text size="sm" fw={600}>
          Live from the robot
        </Text>
      </Group>
      <Text size="sm">
        <Text span c="dimmed" size="sm">
          Agent{' '}
        </Text>
        <span className="fd-mono">{status.version}</span>
      </Text>
      <Text size="sm">
        <Text span c="dimmed" size="sm">
          Up{' '}
        </Text>
        <span data-testid="live-uptime">{formatDuration(status.uptimeMs + (now - receivedAt))}</span>
      </Text>
      <Text size="sm">
        <Text span c="dimmed" size="sm">
          Running revision{' '}
        </Text>
        <span className="fd-mono" data-testid="live-revision">
          {status.configRevision}
        </span>
      </Text>
      <Tooltip label="Resources the robot built from its config, and how many report a problem">
        <Text size="sm" c={unhealthy > 0 ? 'red' : undefined} fw={unhealthy > 0 ? 600 : undefined}>
          {status.resources.length} resources{unhealthy > 0 ? `, ${unhealthy} unhealthy` : ', all ready'}
        </Text>
      </Tooltip>
    </Group>
  )
}
