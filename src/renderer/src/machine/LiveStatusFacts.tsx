import { Group, Text, Tooltip } from '@mantine/core'
import { IconActivityHeartbeat } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { formatDuration } from '../common/formatDuration'
import { useRobotStore } from '../state/useRobotStore'
import { useNow } from '../common/useNow'
import { Fact } from '../common/Fact'

/** What the robot says about itself right now: agent version, uptime, the config revision it runs. */
export function LiveStatusFacts({
  partId,
  standalone = true,
}: {
  partId: string
  /**
   * False in the machine header, which shows the version and revision beside the cached ones
   * (machineStatusFacts); true on the page of a robot the fleet does not know.
   */
  standalone?: boolean
}): ReactElement | null {
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
      {standalone ? (
        <Fact label="Agent" mono>
          {status.version}
        </Fact>
      ) : null}
      <Fact label="Up" testId="live-uptime">
        {formatDuration(status.uptimeMs + (now - receivedAt))}
      </Fact>
      {standalone ? (
        <Fact label="Running revision" mono testId="live-revision">
          {status.configRevision}
        </Fact>
      ) : null}
      <Tooltip label="Resources the robot built from its config, and how many report a problem">
        <Text size="sm" c={unhealthy > 0 ? 'red' : undefined} fw={unhealthy > 0 ? 600 : undefined}>
          {status.resources.length} {status.resources.length === 1 ? 'resource' : 'resources'}
          {unhealthy > 0 ? `, ${unhealthy} unhealthy` : ', all ready'}
        </Text>
      </Tooltip>
    </Group>
  )
}
