import { Alert, Badge, CloseButton, Group, Paper, Stack, Text, Tooltip } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import type { ReactElement, ReactNode } from 'react'
import type { ResourceStatus } from '../../../../shared/robot/protocol'
import type { PanelError } from './useComponentCall'

interface Props {
  type: string
  name: string
  model: string | null
  resource: ResourceStatus | undefined
  /** A failed call of this panel. */
  error: PanelError | null
  onDismissError(): void
  /** The live readings could not be read (the robot said why). */
  readingError?: string | null
  children: ReactNode
}

const stateColor = { ready: 'green', configuring: 'blue', unhealthy: 'red', removed: 'gray' } as const

/** One component's card: name, model and state, its controls, and what went wrong with it, right there. */
export function PanelFrame(props: Props): ReactElement {
  const { type, name, model, resource, error } = props
  const readingError = props.readingError ?? null
  return (
    <Paper
      withBorder
      p="sm"
      data-testid={`panel-${type}`}
      data-name={name}
      component="section"
      aria-label={`${type.replace('_', ' ')} ${name}`}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" fw={700} tt="uppercase">
              {type.replace('_', ' ')}
            </Text>
            <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
              <Text fw={700} size="sm" truncate>
                {name}
              </Text>
              <Text size="xs" c="dimmed" className="fd-mono" truncate>
                {model ?? ''}
              </Text>
            </Group>
          </Stack>
          {resource ? (
            <Tooltip
              label={resource.error ?? `The robot reports ${name} ${resource.state}`}
              multiline
              w={320}
            >
              <Badge
                size="sm"
                variant="light"
                color={stateColor[resource.state]}
                tt="none"
                style={{ flex: 'none' }}
                data-testid="panel-state"
              >
                {resource.state}
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
        {resource?.state === 'unhealthy' && resource.error ? (
          <Text size="xs" c="red" data-testid="panel-unhealthy">
            {resource.error}
          </Text>
        ) : null}
        {props.children}
        {error || readingError ? (
          <Alert
            color="red"
            variant="light"
            p={6}
            icon={<IconAlertCircle size={16} />}
            data-testid="panel-error"
            role="alert"
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
              <Text size="xs">
                {error ? (
                  <>
                    <b>{error.method}</b> failed: {error.message}
                  </>
                ) : (
                  <>
                    Could not read {name}: {readingError}
                  </>
                )}
              </Text>
              {error ? <CloseButton size="sm" aria-label="Dismiss" onClick={props.onDismissError} /> : null}
            </Group>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  )
}
