import { Button, Divider, Group, NumberInput, Table, Text, TextInput } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import { PanelFrame } from './PanelFrame'
import { fmt, useResourceReading, type PanelProps } from './panelProps'
import { useComponentCall } from './useComponentCall'

/** A board: drive and read GPIO pins, watch its analog readers, set PWM duty and frequency. */
export function BoardPanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const board = useComponentCall('board', partId, name)
  const { reading, readingError } = useResourceReading(partId, name)
  const [pin, setPin] = useState('11')
  const [pinState, setPinState] = useState<{ pin: string; high: boolean } | null>(null)
  const [analogs, setAnalogs] = useState<string[] | null>(null)
  const [duty, setDuty] = useState<number | string>(50)
  const [frequency, setFrequency] = useState<number | string>(1000)
  const { call } = board

  // The names once per live session; their values then come with the live readings.
  useEffect(() => {
    if (!live) return
    let current = true
    void call('analogNames', {}).then((r) => {
      if (current && r) setAnalogs(r.names)
    })
    return () => {
      current = false
    }
  }, [live, call])

  const liveAnalogs = (reading?.analogs ?? {}) as Record<string, unknown>
  const liveGpio = (reading?.gpio ?? {}) as Record<string, unknown>
  const setGpio = async (high: boolean): Promise<void> => {
    const done = await call('setGpio', { pin, high })
    if (done) setPinState({ pin, high })
  }
  const readGpio = async (): Promise<void> => {
    const r = await call('getGpio', { pin })
    if (r) setPinState({ pin, high: r.high })
  }
  const disabled = !live

  return (
    <PanelFrame
      {...props}
      type="board"
      error={board.error}
      onDismissError={board.clearError}
      readingError={readingError}
    >
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        GPIO
      </Text>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="Pin"
          size="sm"
          w={64}
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value)}
          disabled={disabled}
          data-testid="board-pin"
        />
        <Button
          size="sm"
          variant="light"
          disabled={disabled || !pin}
          onClick={() => void setGpio(true)}
          data-testid="board-gpio-high"
        >
          High
        </Button>
        <Button
          size="sm"
          variant="default"
          disabled={disabled || !pin}
          onClick={() => void setGpio(false)}
          data-testid="board-gpio-low"
        >
          Low
        </Button>
        <Button
          size="sm"
          variant="subtle"
          disabled={disabled || !pin}
          onClick={() => void readGpio()}
          data-testid="board-gpio-read"
        >
          Read
        </Button>
      </Group>
      {pinState ? (
        <Text size="sm" data-testid="board-gpio-state">
          Pin <span className="fd-mono">{pinState.pin}</span> is <b>{pinState.high ? 'high' : 'low'}</b>
        </Text>
      ) : null}
      {Object.keys(liveGpio).length > 0 ? (
        <Text size="xs" c="dimmed">
          Set pins:{' '}
          {Object.entries(liveGpio)
            .map(([p, v]) => `${p} ${v ? 'high' : 'low'}`)
            .join(', ')}
        </Text>
      ) : null}
      <Divider />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        Analog readers
      </Text>
      {analogs === null ? (
        <Text size="sm" c="dimmed">
          {live ? 'Reading the list…' : 'Connect to read.'}
        </Text>
      ) : analogs.length === 0 ? (
        <Text size="sm" c="dimmed">
          This board has no analog readers configured.
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={2} data-testid="board-analogs">
          <Table.Tbody>
            {analogs.map((a) => (
              <Table.Tr key={a} data-testid="board-analog" data-analog={a}>
                <Table.Td>
                  <Text size="sm">{a}</Text>
                </Table.Td>
                <Table.Td ta="right" className="fd-mono">
                  {fmt(liveAnalogs[a], 0)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Divider />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        PWM on pin {pin || '…'}
      </Text>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          label="Duty (%)"
          size="sm"
          w={120}
          min={0}
          max={100}
          value={duty}
          onChange={setDuty}
          disabled={disabled}
          data-testid="board-pwm-duty"
        />
        <Button
          size="sm"
          variant="light"
          disabled={disabled || !pin}
          onClick={() => void call('setPwm', { pin, dutyCyclePct: Number(duty) || 0 })}
          data-testid="board-pwm-set"
        >
          Set duty
        </Button>
      </Group>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          label="Frequency (Hz)"
          size="sm"
          w={120}
          min={0}
          value={frequency}
          onChange={setFrequency}
          disabled={disabled}
          data-testid="board-pwm-frequency"
        />
        <Button
          size="sm"
          variant="light"
          disabled={disabled || !pin}
          onClick={() => void call('setPwmFrequency', { pin, frequencyHz: Number(frequency) || 0 })}
          data-testid="board-pwm-frequency-set"
        >
          Set frequency
        </Button>
      </Group>
    </PanelFrame>
  )
}
