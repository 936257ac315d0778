import { Group, Text } from '@mantine/core'
import { IconPlayerPause, IconRotateClockwise2 } from '@tabler/icons-react'
import type { ReactElement } from 'react'

/** "moving" or "stopped", with an icon and colour beside the word; unknown until a reading says. */
export function MovingIndicator({
  moving,
  testId,
}: {
  moving: boolean | undefined
  testId: string
}): ReactElement {
  const word = moving === undefined ? 'unknown' : moving ? 'moving' : 'stopped'
  const Icon = moving ? IconRotateClockwise2 : IconPlayerPause
  return (
    <Group gap={4} wrap="nowrap" c={moving ? 'yellow' : 'dimmed'}>
      <Icon size={15} aria-hidden="true" />
      <Text
        size="sm"
        fw={600}
        data-testid={testId}
        data-moving={moving === undefined ? undefined : String(moving)}
      >
        {word}
      </Text>
    </Group>
  )
}
