import { Button, CloseButton, Tooltip } from '@mantine/core'
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconRobot } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { CoreError, type FieldError } from '../../../shared/errors/CoreError'
import type { RobotApplyResult } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { useSession } from '../state/useRobotStore'
import { errorMessage } from '../../../shared/errors/errorMessage'

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
        message: errorMessage(err),
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
export function ApplyToRobotOutcome({
  state,
  onReveal,
}: {
  state: ApplyToRobotState
  /** Puts the cursor on a field the robot refused (the robot got the saved text, which is on screen). */
  onReveal(path: string): void
}): ReactElement | null {
  const o = state.outcome
  if (!o) return null
  if (o.kind === 'failed') {
    return (
      <section className="fd-notice" data-tone="error" data-testid="config-apply-error" aria-live="polite">
        <div className="fd-notice-head">
          <IconAlertCircle size={18} aria-hidden="true" />
          <span className="fd-notice-title">
            {o.code === 'conflict'
              ? 'Not applied: the robot has a newer config'
              : 'The robot did not apply the config'}
          </span>
          <CloseButton size="sm" aria-label="Dismiss" onClick={state.dismiss} />
        </div>
        <div className="fd-notice-body">{o.message}</div>
        {o.fieldErrors.length > 0 ? (
          <ul className="fd-notice-list">
            {o.fieldErrors.map((e, i) => (
              <li key={`${e.path}-${i}`}>
                <button
                  type="button"
                  className="fd-problem"
                  onClick={() => onReveal(e.path)}
                  title="Show it in the editor"
                >
                  <span className="fd-problem-where">{e.path}</span>
                  <span className="fd-problem-message">{e.message}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    )
  }
  const { revision, rebuilt, removed, resources } = o.result
  const unhealthy = resources.filter((r) => r.state === 'unhealthy')
  const count = `${unhealthy.length} resource${unhealthy.length === 1 ? ' is' : 's are'}`
  return (
    <section
      className="fd-notice"
      // Applied is a success; only resources the robot could not start make it a warning, and then
      // the words say so too.
      data-tone={unhealthy.length > 0 ? 'warn' : 'ok'}
      data-testid="config-apply-result"
      aria-live="polite"
    >
      <div className="fd-notice-head">
        {unhealthy.length > 0 ? (
          <IconAlertTriangle size={18} aria-hidden="true" />
        ) : (
          <IconCircleCheck size={18} aria-hidden="true" />
        )}
        <span className="fd-notice-title">
          Applied. The robot runs revision {revision} now
          {unhealthy.length > 0 ? `, but ${count} unhealthy` : ''}.
        </span>
        <CloseButton size="sm" aria-label="Dismiss" onClick={state.dismiss} />
      </div>
      <div className="fd-notice-body">
        {rebuilt.length > 0 ? `Rebuilt: ${rebuilt.join(', ')}.` : 'Nothing needed rebuilding.'}
        {removed.length > 0 ? ` Removed: ${removed.join(', ')}.` : ''}
      </div>
      {unhealthy.length > 0 ? (
        <ul className="fd-notice-list" data-testid="config-apply-unhealthy">
          {unhealthy.map((r) => (
            <li key={r.name} className="fd-notice-item">
              <span className="fd-problem-where">{r.name}</span>
              <span className="fd-problem-message">{r.error ?? 'unhealthy; the robot gave no reason'}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
