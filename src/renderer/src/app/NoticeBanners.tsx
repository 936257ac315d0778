import { Alert, Stack } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle, IconPlugConnectedX } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { Notice } from '../../../shared/api/views'
import { useAppStore } from '../state/useAppStore'
import { getCoreApi } from '../api/getCoreApi'

const colors = { info: 'blue', warning: 'yellow', error: 'red' } as const
// A stable empty list: a selector returning a fresh [] would make zustand re-render forever.
const NONE: readonly Notice[] = []

/** Things the core wants the user to know (a cache moved aside, ...), until dismissed. */
export function NoticeBanners(): ReactElement | null {
  const notices = useAppStore((s) => s.status?.notices ?? NONE)
  const dismissed = useAppStore((s) => s.dismissedNotices)
  const dismiss = useAppStore((s) => s.dismissNotice)
  const carrier = useAppStore((s) => s.carrier)
  const visible = notices.filter((n) => !dismissed.has(n.id))
  if (visible.length === 0 && carrier !== 'disconnected' && carrier !== 'refused') return null
  return (
    <Stack gap={6} p="xs" pb={0} style={{ flex: 'none' }}>
      {carrier === 'refused' ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconPlugConnectedX size={18} />}
          title="Fleetdesk refused this page"
          data-testid="core-refused"
          role="alert"
        >
          {getCoreApi().carrierRefusal()}
        </Alert>
      ) : null}
      {carrier === 'disconnected' ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconPlugConnectedX size={18} />}
          title="Core disconnected"
          data-testid="core-disconnected"
          role="alert"
        >
          This page cannot reach the Fleetdesk core and keeps retrying. What you see may be out of date, and
          nothing can be saved until it reconnects. Check that Fleetdesk is still running; if it was
          restarted, open the new address it printed.
        </Alert>
      ) : null}
      {visible.map((n) => (
        <Alert
          key={n.id}
          color={colors[n.level]}
          variant="light"
          icon={n.level === 'info' ? <IconInfoCircle size={18} /> : <IconAlertTriangle size={18} />}
          withCloseButton
          closeButtonLabel="Dismiss this notice"
          onClose={() => dismiss(n.id)}
          data-testid="notice"
          data-level={n.level}
          role={n.level === 'info' ? 'status' : 'alert'}
        >
          {n.message}
        </Alert>
      ))}
    </Stack>
  )
}
