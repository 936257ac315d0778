import { Group, Select, Table, Text } from '@mantine/core'
import { useMemo, useState, type ReactElement } from 'react'
import { numericFields, readingRows } from '../../state/readingsHistory'
import { PanelFrame } from './PanelFrame'
import { useResourceReading, type PanelProps } from './panelProps'
import { ReadingsPlot } from './ReadingsPlot'

/**
 * A sensor or a movement sensor: its live readings as a table and one of their numbers as a plot.
 * Both come from the readings watch, so a panel costs the robot no calls of its own.
 */
export function SensorPanel(props: PanelProps & { type: 'sensor' | 'movement_sensor' }): ReactElement {
  const { partId, name, type } = props
  const { reading, readingError } = useResourceReading(partId, name)
  const rows = useMemo(() => (reading ? readingRows(reading) : []), [reading])
  const fieldsKey = reading ? [...numericFields(reading).keys()].join('\n') : ''
  const fields = useMemo(() => (fieldsKey ? fieldsKey.split('\n') : []), [fieldsKey])
  const [chosen, setChosen] = useState<string | null>(null)
  const field = chosen !== null && fields.includes(chosen) ? chosen : (fields[0] ?? null)

  return (
    <PanelFrame
      {...props}
      type={type}
      error={null}
      onDismissError={() => undefined}
      readingError={readingError}
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.live ? 'Waiting for the first reading…' : 'Connect to see live readings.'}
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={1} data-testid="sensor-readings">
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.path} data-key={r.path}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {r.path}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" className="fd-mono" data-testid="sensor-value">
                  {r.value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {field ? (
        <>
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              Last minute
            </Text>
            <Select
              size="xs"
              w={200}
              data={fields}
              value={field}
              onChange={(v) => setChosen(v)}
              allowDeselect={false}
              aria-label={`Reading of ${name} to plot`}
            />
          </Group>
          <ReadingsPlot partId={partId} name={name} field={field} />
        </>
      ) : null}
    </PanelFrame>
  )
}
