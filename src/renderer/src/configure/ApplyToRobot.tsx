import { Alert, Button, Code, CloseButton, Group, List, Text, Tooltip } from '@mantine/core'
import { IconAlertCircle, IconCircleCheck, IconRobot } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { CoreError, type FieldError } from '../../../shared/errors/CoreError'
import type { RobotApplyResult } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { useSession } from '../state/useRobotStore'

export type ApplyOutcome =
  | { kind: 'applied'; result: RobotApplyResult }
  | { kind: 'failed'; code: string | null; message: string; fieldErrors: FieldError[] }

export interface ApplyToRobotState {
  /** An owner with a live session to this part: the button shows. */
  available: boolean
  busy: boolean
  outcome: ApplyOutcome | null
  apply(): Promise<void>
  dismiss(): void
}

/** Applying the saved config of a part straight to its robot over the session (configure over the LAN). */
export function useApplyToRobot(partId: string, canEdit: boolean): ApplyToRobotState {
  const session = useSession(partId)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null)
  const apply = async (): Promise<void> => {
    setBusy(true)
    setOutcome(null)
    try {
      setOutcome({ kind: 'applied', result: await getCoreApi().applyConfigToRobot({ partId }) })
    } catch (err) {
      setOutcome({
        kind: 'failed',
        code: err instanceof CoreError ? err.code : null,
        message: err instanceof Error ? err.message : String(err),
        fieldErrors: err instanceof CoreError ? (err.fieldErrors ?? []) : [],
      })
    } finally {
      setBusy(false)
    }
  }
  return {
    available: canEdit && session?.state === 'live',
    busy,
    outcome,
    apply,
    dismiss: () => setOutcome(null),
  }
}

export function ApplyToRobotButton({
  state,
  dirty,
}: {
  state: ApplyToRobotState
  dirty: boolean
}): ReactElement | null {
  if (!state.available) return null
  return (
    <Tooltip
      label={
        dirty
          ? 'Save first: the robot gets the saved config, which also waits in the outbox for the hub.'
          : 'Send the saved config to the connected robot now; it rebuilds only what changed.'
      }
      multiline
      w={300}
    >
      <Button
        size="sm"
        variant="light"
        leftSection={<IconRobot size={16} />}
        onClick={() => void state.apply()}
        loading={state.busy}
        disabled={dirty}
        data-testid="config-apply"
      >
        Apply to robot
      </Button>
    </Tooltip>
  )
}

/** What the robot did with the config, or why it refused (a conflict, or each field's problem). */
export function ApplyToRobotOutcome({ state }: { state: ApplyToRobotState }): ReactElement | null {
  const o = state.outcome
  if (!o) return null
  if (o.kind === 'failed') {
    return (
      <Alert
        color="red"
        variant="light"
        p="xs"
        icon={<IconAlertCircle size={18} />}
        title={
          o.code === 'conflict'
            ? 'Not applied: the robot has a newer config'
            : 'The robot did not apply the config'
        }
        data-testid="config-apply-error"
        withCloseButton
        onClose={state.dismiss}
      >
        <Text size="sm">{o.message}</Text>
        {o.fieldErrors.length > 0 ? (
          <List size="sm" spacing={2} mt={4} style={{ maxHeight: 140, overflow: 'auto' }}>
            {o.fieldErrors.map((e, i) => (
              <List.Item key={`${e.path}-${i}`}>
                <Code>{e.path}</Code> {e.message}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Alert>
    )
  }
  const { revision, rebuilt, removed, resources } = o.result
  const unhealthy = resources.filter((r) => r.state === 'unhealthy')
  return (
    <Alert
      color={unhealthy.length > 0 ? 'orange' : 'teal'}
      variant="light"
      p="xs"
      icon={<IconCircleCheck size={18} />}
      data-testid="config-apply-result"
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={600}>
            The robot runs revision {revision} now.
          </Text>
          <Text size="sm">
            {rebuilt.length > 0 ? `Rebuilt: ${rebuilt.join(', ')}.` : 'Nothing needed rebuilding.'}
            {removed.length > 0 ? ` Removed: ${removed.join(', ')}.` : ''}
          </Text>
          {unhealthy.map((r) => (
            <Text key={r.name} size="sm" c="red">
              {r.name} is unhealthy: {r.error ?? 'no reason given'}
            </Text>
          ))}
        </div>
        <CloseButton size="sm" aria-label="Dismiss" onClick={state.dismiss} />
      </Group>
    </Alert>
  )
}
