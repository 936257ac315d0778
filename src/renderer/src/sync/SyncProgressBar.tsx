import { Paper, Progress, Stack, Text } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import type { SyncProgress } from '../../../shared/api/syncViews'
import { getCoreApi } from '../api/getCoreApi'
import { useAppStore } from '../state/useAppStore'
import { describePullProgress } from './describePullProgress'

/**
 * The first pull's progress from the core's `syncProgress` events, in a corner: it never blocks the
 * app (the tree fills as the pull goes) and is gone when the pull is done. It starts from the
 * status's progress so a window opened mid-pull shows it too.
 */
export function SyncProgressBar(): ReactElement | null {
  const fromStatus = useAppStore((s) => s.status?.sync.progress ?? null)
  const [progress, setProgress] = useState<SyncProgress | null>(null)
  useEffect(() => getCoreApi().on('syncProgress', setProgress), [])
  // A sign-out or a failed pull ends with a status, not always with a done event: a pull only
  // shows while the hub is being talked to (a new pull's first event replaces an abandoned one).
  const connection = useAppStore((s) => s.status?.sync.connection)
  const pulling = connection === 'online' || connection === 'connecting'
  const view = pulling ? describePullProgress(progress ?? fromStatus) : null
  if (!view) return null
  return (
    <Paper
      withBorder
      shadow="md"
      p="sm"
      w={320}
      pos="fixed"
      bottom={16}
      right={16}
      style={{ zIndex: 150 }}
      role="status"
      aria-label="Sync progress"
      data-testid="sync-progress"
    >
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {view.label}
        </Text>
        <Progress
          value={view.percent ?? 100}
          striped={view.percent === null}
          animated={view.percent === null}
          aria-label={view.label}
        />
        <Text size="xs" c="dimmed">
          {view.detail}
        </Text>
      </Stack>
    </Paper>
  )
}
