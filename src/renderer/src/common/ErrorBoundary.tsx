import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core'
import { IconAlertOctagon, IconRefresh } from '@tabler/icons-react'
import { Component, Fragment, Suspense, type ErrorInfo, type ReactNode } from 'react'
import { renderFailureText } from './renderFailureText'

interface Props {
  /** What this boundary holds, as the user knows it: "the CONFIGURE tab", "the motor panel lift". */
  what: string
  /** A small card (a CONTROL panel) rather than a full-width alert (a page or a tab). */
  compact?: boolean
  /** Also a Suspense boundary (lazy tabs) showing this while loading: a failed load is caught too. */
  loading?: ReactNode
  children: ReactNode
}

interface State {
  error: unknown
  /** Bumped by "Try again": the children mount afresh, so state that broke them is gone. */
  attempt: number
}

/**
 * A net under one page, tab, panel or the sidebar: a component that throws while rendering takes down
 * only what this boundary holds. The rest of the window keeps working, and the user sees what failed,
 * the error's words, and a way to try again (React error boundaries must be classes).
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    // null and undefined can be thrown too; keep "something was thrown" distinct from "nothing".
    return { error: error ?? new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The console (and, in Electron, the main log) keeps the stack for a bug report.
    console.error(`Fleetdesk: ${this.props.what} failed to render`, error, info.componentStack)
  }

  private readonly retry = (): void => {
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }))
  }

  override render(): ReactNode {
    const { error, attempt } = this.state
    // A new key after "Try again" remounts everything under the boundary.
    if (error === null) {
      const { loading, children } = this.props
      return (
        <Fragment key={attempt}>
          {loading === undefined ? children : <Suspense fallback={loading}>{children}</Suspense>}
        </Fragment>
      )
    }
    const { title, detail, hint } = renderFailureText(this.props.what, error)
    const compact = this.props.compact === true
    return (
      <Alert
        color="red"
        variant="light"
        p={compact ? 'xs' : 'sm'}
        m={compact ? 0 : 'md'}
        icon={<IconAlertOctagon size={18} />}
        title={title}
        role="alert"
        data-testid="error-boundary"
        data-what={this.props.what}
        style={{ flex: 'none' }}
      >
        <Stack gap={6}>
          <Code block className="fd-boundary-detail" data-testid="error-boundary-detail">
            {detail}
          </Code>
          <Text size="sm">{compact ? 'Everything else keeps working.' : hint}</Text>
          <Group>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              onClick={this.retry}
              data-testid="error-boundary-retry"
            >
              Try again
            </Button>
          </Group>
        </Stack>
      </Alert>
    )
  }
}
