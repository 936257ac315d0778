import { Button, Group, NumberInput, Slider, Stack, Text } from '@mantine/core'
import { IconPlayerPlay, IconPlayerStopFilled } from '@tabler/icons-react'
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { MovingIndicator } from './MovingIndicator'
import { PanelFrame } from './PanelFrame'
import { fmt, useResourceReading, type PanelProps } from './panelProps'
import { useComponentCall } from './useComponentCall'
import { Fact } from '../../common/Fact'

const clampPower = (v: number): number => Math.max(-1, Math.min(1, Math.round(v * 100) / 100))
/** The box's text as a power: a half-typed number ("-", "0.") counts as 0 for the slider. */
const asPower = (v: number | string): number => {
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? clampPower(n) : 0
}

/** A motor: power from -1 to 1, go-for, stop, and its live position and speed. */
export function MotorPanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const motor = useComponentCall('motor', partId, name)
  const { reading, readingError } = useResourceReading(partId, name)
  // What the box holds, as typed: a half-typed "-0." must stay as it is (turning it into 0 ate the
  // next key), and only Enter or Set turns it into a power for the motor.
  const [power, setPower] = useState<number | string>(0)
  const [rpm, setRpm] = useState<number | string>(30)
  const [revolutions, setRevolutions] = useState<number | string>(1)
  // Set when a power other than 0 was sent: whether a reading has shown the motor moving since. A
  // motor seen moving that then stands was stopped by something else (STOP ALL, the robot's
  // watchdog, another desktop, a config change): the box goes back to 0, so it never shows a power
  // the motor is not at. A reading from before the command arrived (still standing) is not a stop.
  const applied = useRef<{ seenMoving: boolean } | null>(null)
  const isMoving = typeof reading?.isMoving === 'boolean' ? reading.isMoving : undefined

  useEffect(() => {
    const sent = applied.current
    if (!sent || isMoving === undefined) return
    if (isMoving) sent.seenMoving = true
    else if (sent.seenMoving) {
      applied.current = null
      setPower(0)
    }
  }, [reading, isMoving])

  const sendPower = (value: number): void => {
    const p = clampPower(value)
    setPower(p)
    applied.current = p === 0 ? null : { seenMoving: false }
    void motor.call('setPower', { power: p })
  }
  const stop = (): void => {
    setPower(0)
    applied.current = null
    void motor.call('stop', {})
  }
  const disabled = !live

  return (
    <PanelFrame
      {...props}
      type="motor"
      error={motor.error}
      onDismissError={motor.clearError}
      readingError={readingError}
    >
      <Group gap="lg" wrap="wrap">
        <Fact label="Position" mono unit="rev" testId="motor-position">
          {fmt(reading?.position, 3)}
        </Fact>
        <Fact label="Speed" mono unit="rpm" testId="motor-speed">
          {fmt(reading?.rpm, 1)}
        </Fact>
        <MovingIndicator moving={isMoving} testId="motor-moving" />
      </Group>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" id={`${partId}-${name}-power`}>
            Power
          </Text>
          {/* Typing a number never moves the motor by itself: Enter or Set does (not leaving the field). */}
          <Group gap={4} wrap="nowrap">
            <NumberInput
              size="sm"
              w={110}
              min={-1}
              max={1}
              step={0.05}
              decimalScale={2}
              value={power}
              onChange={setPower}
              onKeyDown={(e) => {
                if (e.key === 'Enter') sendPower(asPower(e.currentTarget.value))
              }}
              disabled={disabled}
              aria-label={`Power of ${name}, -1 to 1; Enter applies`}
              data-testid="motor-power-input"
            />
            <Button
              size="sm"
              variant="light"
              disabled={disabled}
              onClick={() => sendPower(asPower(power))}
              data-testid="motor-power-set"
            >
              Set
            </Button>
          </Group>
        </Group>
        <Slider
          min={-1}
          max={1}
          step={0.05}
          value={asPower(power)}
          onChange={setPower}
          onChangeEnd={sendPower}
          disabled={disabled}
          marks={[
            { value: -1, label: '-1' },
            { value: 0, label: '0' },
            { value: 1, label: '1' },
          ]}
          label={(v) => v.toFixed(2)}
          size="lg"
          thumbSize={22}
          mb="md"
          aria-labelledby={`${partId}-${name}-power`}
          thumbLabel={`Power of ${name}`}
          data-testid="motor-power"
        />
      </Stack>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput
          label="rpm"
          size="sm"
          w={90}
          value={rpm}
          onChange={setRpm}
          disabled={disabled}
          data-testid="motor-rpm"
        />
        <NumberInput
          label="Revolutions"
          size="sm"
          w={110}
          value={revolutions}
          onChange={setRevolutions}
          disabled={disabled}
          data-testid="motor-revolutions"
        />
        <Button
          size="sm"
          variant="light"
          leftSection={<IconPlayerPlay size={15} />}
          disabled={disabled}
          onClick={() =>
            void motor.call('goFor', { rpm: Number(rpm) || 0, revolutions: Number(revolutions) || 0 })
          }
          data-testid="motor-go"
        >
          Go for
        </Button>
      </Group>
      <Button
        size="md"
        color="red"
        variant="light"
        leftSection={<IconPlayerStopFilled size={16} />}
        disabled={disabled}
        onClick={stop}
        data-testid="motor-stop"
        fullWidth
      >
        Stop {name}
      </Button>
    </PanelFrame>
  )
}
