import { Button, Group, NumberInput, Slider } from '@mantine/core'
import { IconArrowsMove, IconPlayerStopFilled } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { MovingIndicator } from './MovingIndicator'
import { PanelFrame } from './PanelFrame'
import { fmt, useResourceReading, type PanelProps } from './panelProps'
import { useComponentCall } from './useComponentCall'
import { Fact } from '../../common/Fact'

/** A servo: pick an angle and move; the robot refuses angles outside the configured range, here. */
export function ServoPanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const servo = useComponentCall('servo', partId, name)
  const { reading, readingError } = useResourceReading(partId, name)
  const [angle, setAngle] = useState(90)
  const move = (a: number): void => void servo.call('move', { angleDeg: a })
  return (
    <PanelFrame
      {...props}
      type="servo"
      error={servo.error}
      onDismissError={servo.clearError}
      readingError={readingError}
    >
      <Group gap="lg">
        <Fact label="Angle" mono unit="°" testId="servo-angle">
          {fmt(reading?.angleDeg, 1)}
        </Fact>
        <MovingIndicator
          moving={typeof reading?.isMoving === 'boolean' ? reading.isMoving : undefined}
          testId="servo-moving"
        />
      </Group>
      <Slider
        min={-180}
        max={180}
        step={1}
        value={angle}
        onChange={setAngle}
        disabled={!live}
        label={(v) => `${v}°`}
        marks={[{ value: -90 }, { value: 0 }, { value: 90 }]}
        size="lg"
        thumbSize={22}
        thumbLabel={`Target angle of ${name} in degrees`}
        data-testid="servo-slider"
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput
          label="Target angle (°)"
          size="sm"
          w={140}
          value={angle}
          onChange={(v) => setAngle(typeof v === 'number' ? v : 0)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') move(angle)
          }}
          disabled={!live}
          data-testid="servo-target"
        />
        <Button
          size="sm"
          leftSection={<IconArrowsMove size={15} />}
          disabled={!live}
          onClick={() => move(angle)}
          data-testid="servo-move"
        >
          Move
        </Button>
        <Button
          size="sm"
          color="red"
          variant="light"
          leftSection={<IconPlayerStopFilled size={15} />}
          disabled={!live}
          onClick={() => void servo.call('stop', {})}
          data-testid="servo-stop"
        >
          Stop
        </Button>
      </Group>
    </PanelFrame>
  )
}
