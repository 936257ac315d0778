import { Button, Code, Group, JsonInput, Text } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { PanelFrame } from './PanelFrame'
import { useResourceReading, type PanelProps } from './panelProps'
import { useComponentCall } from './useComponentCall'
import { errorMessage } from '../../../../shared/errors/errorMessage'

/** The command as an object, or why it is not one (shown before anything is sent). */
export function parseCommand(text: string): { command: Record<string, unknown> } | { problem: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { problem: `Not valid JSON: ${errorMessage(err)}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { problem: 'The command must be a JSON object, e.g. {"get_counter": true}.' }
  return { command: value as Record<string, unknown> }
}

/** A generic component: a model-specific command as JSON, and what it answered. */
export function GenericPanel(props: PanelProps): ReactElement {
  const { partId, name, live } = props
  const generic = useComponentCall('generic', partId, name)
  const { reading } = useResourceReading(partId, name)
  const [text, setText] = useState('{\n  "get_counter": true\n}')
  const [result, setResult] = useState<string | null>(null)
  const parsed = parseCommand(text)
  const run = async (): Promise<void> => {
    if ('problem' in parsed) return
    const r = await generic.call('doCommand', { command: parsed.command })
    if (r) setResult(JSON.stringify(r, null, 2))
  }
  return (
    <PanelFrame {...props} type="generic" error={generic.error} onDismissError={generic.clearError}>
      <JsonInput
        label="Command"
        value={text}
        onChange={setText}
        autosize
        minRows={3}
        maxRows={10}
        validationError="Not valid JSON"
        formatOnBlur
        classNames={{ input: 'fd-mono' }}
        error={'problem' in parsed ? parsed.problem : undefined}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') void run()
        }}
        data-testid="generic-command"
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Ctrl+Enter runs it.{reading ? ` Live: ${JSON.stringify(reading)}` : ''}
        </Text>
        <Button
          size="sm"
          leftSection={<IconPlayerPlay size={15} />}
          disabled={!live || 'problem' in parsed}
          loading={generic.busy.has('doCommand')}
          onClick={() => void run()}
          data-testid="generic-run"
        >
          Run
        </Button>
      </Group>
      {result !== null ? (
        <Code block data-testid="generic-result" style={{ maxHeight: 200, overflow: 'auto' }}>
          {result}
        </Code>
      ) : null}
    </PanelFrame>
  )
}
