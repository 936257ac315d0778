import { Box, Button, Group, Kbd, Slider, Stack, Text } from '@mantine/core'
import { IconPlayerStopFilled, IconSteeringWheel } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import type { TeleopKey } from './teleop'
import { MovingIndicator } from './MovingIndicator'
import { PanelFrame } from './PanelFrame'
import { fmt, useResourceReading, type PanelProps } from './panelProps'
import { useBaseTeleop } from './useBaseTeleop'
import { useComponentCall } from './useComponentCall'

function KeyCap({ label, on }: { label: string; on: boolean }): ReactElement {
  return (
    <Kbd
      size="lg"
      style={{
        minWidth: 38,
        textAlign: 'center',
        background: on ? 'var(--mantine-primary-color-filled)' : undefined,
        color: on ? 'var(--mantine-color-white)' : undefined,
      }}
    >
      {label}
    </Kbd>
  )
}

const keysHeld = (held: ReadonlySet<TeleopKey>): string =>
  held.size === 0 ? 'none' : [...held].sort().join(' + ')

/** A base: keyboard teleop with a dead-man, a visible speed limit, its live pose, and a stop. */
export function BasePanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const base = useComponentCall('base', partId, name)
  const { reading, readingError } = useResourceReading(partId, name)
  const [limitPct, setLimitPct] = useState(50)
  const teleop = useBaseTeleop({ base, live, speedLimit: limitPct / 100 })
  const [focused, setFocused] = useState(false)
  const moving = typeof reading?.isMoving === 'boolean' ? reading.isMoving : undefined
  const h = teleop.held

  return (
    <PanelFrame
      {...props}
      type="base"
      error={base.error}
      onDismissError={base.clearError}
      readingError={readingError}
    >
      <Group gap="lg">
        <Text size="sm" data-testid="base-pose">
          <Text span c="dimmed" size="sm">
            Pose{' '}
          </Text>
          <span className="fd-mono">
            x {fmt(reading?.x, 0)} mm, y {fmt(reading?.y, 0)} mm, θ {fmt(reading?.thetaDeg, 1)}°
          </span>
        </Text>
        <MovingIndicator moving={moving} testId="base-moving" />
      </Group>
      <Box
        tabIndex={live ? 0 : -1}
        role="application"
        aria-label={`Drive ${name} with the keyboard: W and S or the up and down arrows drive, A and D or the left and right arrows turn. The base stops when you let go or leave this area.`}
        aria-disabled={!live}
        className="fd-teleop"
        data-focused={focused}
        data-live={live}
        data-held={keysHeld(h)}
        data-testid="base-teleop"
        onKeyDown={teleop.onKeyDown}
        onKeyUp={teleop.onKeyUp}
        onFocus={() => setFocused(true)}
        onBlur={(e) => {
          setFocused(false)
          teleop.onBlur(e)
        }}
      >
        <Group gap="md" wrap="nowrap" align="center">
          <Stack gap={4} align="center">
            <KeyCap label="W" on={h.has('forward')} />
            <Group gap={4} wrap="nowrap">
              <KeyCap label="A" on={h.has('left')} />
              <KeyCap label="S" on={h.has('back')} />
              <KeyCap label="D" on={h.has('right')} />
            </Group>
          </Stack>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <IconSteeringWheel size={16} aria-hidden="true" />
              <Text size="sm" fw={600}>
                {!live ? 'Connect to drive' : focused ? 'Driving: hold keys to move' : 'Click here to drive'}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              W/S or ↑/↓ drive, A/D or ←/→ turn. Let go, click away or switch windows: it stops. Space stops.
            </Text>
          </Stack>
        </Group>
      </Box>
      <Stack gap={2}>
        <Text size="sm" id={`${partId}-${name}-limit`}>
          Speed limit <b data-testid="base-speed-value">{limitPct}%</b> of full power
        </Text>
        <Slider
          min={5}
          max={100}
          step={5}
          value={limitPct}
          onChange={setLimitPct}
          label={(v) => `${v}%`}
          size="lg"
          thumbSize={22}
          thumbLabel={`Speed limit of ${name} in percent`}
          aria-labelledby={`${partId}-${name}-limit`}
          data-testid="base-speed"
        />
      </Stack>
      <Button
        size="md"
        color="red"
        variant="light"
        leftSection={<IconPlayerStopFilled size={16} />}
        disabled={!live}
        onClick={teleop.stopNow}
        data-testid="base-stop"
        fullWidth
      >
        Stop {name}
      </Button>
    </PanelFrame>
  )
}
