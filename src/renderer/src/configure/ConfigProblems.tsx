import { Alert, Code, List, Text, UnstyledButton } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { FieldError } from '../../../shared/errors/CoreError'
import type { ConfigCheck } from './checkConfigText'

interface Props {
  check: ConfigCheck
  /** Errors the core returned for the last save attempt; shown instead of the local check's. */
  serverErrors: FieldError[] | null
  onReveal(path: string): void
}

/** Every problem in the config, each with its path; clicking one puts the cursor there. */
export function ConfigProblems({ check, serverErrors, onReveal }: Props): ReactElement | null {
  if (check.kind === 'parse-error') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertCircle size={18} />}
        title="Not valid JSON"
        data-testid="config-errors"
        p="xs"
      >
        <Text size="sm">
          {check.line !== null ? `Line ${check.line}, column ${check.column}: ` : ''}
          {check.message}
        </Text>
      </Alert>
    )
  }
  const errors = serverErrors ?? (check.kind === 'invalid' ? check.errors : [])
  if (errors.length === 0) return null
  const title = serverErrors
    ? `Not saved: the core found ${errors.length} problem${errors.length === 1 ? '' : 's'}`
    : `${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before saving`
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={title}
      data-testid="config-errors"
      p="xs"
    >
      <List size="sm" spacing={2} style={{ maxHeight: 160, overflow: 'auto' }}>
        {errors.map((e, i) => (
          <List.Item key={`${e.path}-${i}`}>
            <UnstyledButton onClick={() => onReveal(e.path)} title="Show in the editor">
              <Code>{e.path}</Code>{' '}
              <Text span size="sm">
                {e.message}
              </Text>
            </UnstyledButton>
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
