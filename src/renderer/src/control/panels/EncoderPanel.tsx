import { Button, Group } from '@mantine/core'
import { IconRestore } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { PanelFrame } from './PanelFrame'
import { fmt, useResourceReading, type PanelProps } from './panelProps'
import { useComponentCall } from './useComponentCall'
import { Fact } from '../../common/Fact'

/** An encoder: its live tick count, and a reset to zero. */
export function EncoderPanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const encoder = useComponentCall('encoder', partId, name)
  const { reading, readingError } = useResourceReading(partId, name)
  return (
    <PanelFrame
      {...props}
      type="encoder"
      error={encoder.error}
      onDismissError={encoder.clearError}
      readingError={readingError}
    >
      <Group justify="space-between">
        <Fact label="Position" mono unit="ticks" testId="encoder-position">
          {fmt(reading?.ticks, 0)}
        </Fact>
        <Button
          size="sm"
          variant="default"
          leftSection={<IconRestore size={15} />}
          disabled={!live}
          loading={encoder.busy.has('resetPosition')}
          onClick={() => void encoder.call('resetPosition', {})}
          data-testid="encoder-reset"
        >
          Reset to zero
        </Button>
      </Group>
    </PanelFrame>
  )
}
