import { ActionIcon, Badge, Button, Group, Modal, Popover, Stack, Text, Tooltip } from '@mantine/core'
import { IconCloud, IconCloudOff, IconPlugConnectedX } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { SIGNED_OUT_STATUS } from '../../../shared/api/syncViews'
import { getCoreApi } from '../api/getCoreApi'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { runAction } from '../common/notifyFailure'
import { useNow } from '../common/useNow'
import { refreshStatus } from '../state/coreSync'
import { useAppStore } from '../state/useAppStore'
import { describeSyncState, syncBadgeCount } from './describeSyncState'
import { SignInDialog } from './SignInDialog'
import { SyncProgressBar } from './SyncProgressBar'

/**
 * The top bar's sync state: a compact icon and count (so the breadcrumb keeps its room) that opens
 * the state in words, last sync, the counts, Sync now and Sign in/out. The pending count is read
 * from the same status field as the PendingEditsButton, so the two never show different numbers.
 */
export function SyncStatusMenu(): ReactElement {
  const carrier = useAppStore((s) => s.carrier)
  const status = useAppStore((s) => s.status)
  const now = useNow(30_000)
  const [opened, setOpened] = useState(false)
  const [signingIn, setSigningIn] = useState(false)
  const [confirmOut, setConfirmOut] = useState(false)

  const sync = status?.sync ?? SIGNED_OUT_STATUS
  const pending = status?.pendingCount ?? 0 // one source with PendingEditsButton
  const coreDown = carrier === 'refused' || carrier === 'disconnected'
  const words = coreDown
    ? {
        label: carrier === 'refused' ? 'Access refused' : 'Core disconnected',
        detail:
          carrier === 'refused'
            ? (getCoreApi().carrierRefusal() ?? 'The Fleetdesk core refused this page.')
            : 'This page lost its connection to the Fleetdesk core and is retrying. Changes you make now are not saved.',
        tone: 'bad' as const,
      }
    : carrier === 'connecting' || !status
      ? describeSyncState({ connection: 'connecting', lastError: null })
      : describeSyncState(sync)
  const state = coreDown ? `core-${carrier}` : !status ? 'connecting' : sync.connection
  const badge = syncBadgeCount({ pending, conflicts: sync.conflicts, rejected: sync.rejected })
  const Icon = coreDown ? IconPlugConnectedX : sync.connection === 'online' ? IconCloud : IconCloudOff
  const color = { good: 'green', quiet: 'gray', warn: 'yellow', bad: 'red' }[words.tone]
  const signedIn = sync.connection !== 'signed-out'

  const syncNow = async (): Promise<void> => {
    await runAction('sync now', () => getCoreApi().syncNow({}))
    await refreshStatus()
  }
  const signOut = async (): Promise<void> => {
    setConfirmOut(false)
    await runAction('sign out', () => getCoreApi().hubSignOut({}))
    await refreshStatus()
  }

  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={300} withArrow shadow="md">
        <Popover.Target>
          <Tooltip label={`${words.label}. Last sync: ${formatDateTime(sync.lastSyncAt)}.`} disabled={opened}>
            <ActionIcon
              variant="subtle"
              color={color}
              aria-label={`Sync: ${words.label}`}
              data-testid="connection-state"
              data-state={state}
              onClick={() => setOpened((o) => !o)}
            >
              <Icon size={18} aria-hidden="true" />
              {badge.count > 0 ? (
                <Badge
                  size="xs"
                  circle
                  color={badge.needsAttention ? 'red' : 'gray'}
                  data-testid="sync-badge"
                >
                  {badge.count}
                </Badge>
              ) : null}
            </ActionIcon>
          </Tooltip>
        </Popover.Target>
        <Popover.Dropdown data-testid="sync-menu">
          <Stack gap="xs">
            <Text fw={600} c={color} data-testid="sync-state-label">
              {words.label}
            </Text>
            <Text size="sm">{words.detail}</Text>
            {sync.signedInAs ? <Text size="xs">Signed in as {sync.signedInAs}</Text> : null}
            <Text size="xs" c="dimmed">
              {sync.lastSyncAt ? `Last sync ${formatRelative(sync.lastSyncAt, now)}` : 'Never synced'}
            </Text>
            <Group gap="xs">
              <Badge variant="light" data-testid="sync-pending">{`${pending} pending`}</Badge>
              <Badge
                variant="light"
                color="orange"
                data-testid="sync-conflicts"
              >{`${sync.conflicts} conflicts`}</Badge>
              <Badge
                variant="light"
                color="red"
                data-testid="sync-rejected"
              >{`${sync.rejected} rejected`}</Badge>
            </Group>
            <Group gap="xs" justify="flex-end">
              {signedIn ? (
                <>
                  <Button size="xs" variant="default" onClick={() => void syncNow()}>
                    Sync now
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    onClick={() => {
                      setOpened(false) // the menu sits above modals: left open, it covers the question
                      setConfirmOut(true)
                    }}
                  >
                    Sign out
                  </Button>
                </>
              ) : null}
              {sync.connection === 'signed-out' || sync.connection === 'sign-in-again' ? (
                <Button
                  size="xs"
                  onClick={() => {
                    setOpened(false)
                    setSigningIn(true)
                  }}
                >
                  Sign in
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <SyncProgressBar />
      <SignInDialog
        opened={signingIn}
        initialHubUrl={sync.hubUrl}
        onClose={() => {
          setSigningIn(false)
          void refreshStatus()
        }}
      />
      <Modal opened={confirmOut} onClose={() => setConfirmOut(false)} title="Sign out of the hub?">
        <Stack gap="sm">
          <Text size="sm">
            {pending > 0
              ? `Your ${pending} edit${pending === 1 ? '' : 's'} not yet synced stay on this computer and sync when you sign in again.`
              : 'Edits you make while signed out stay on this computer and sync when you sign in again.'}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmOut(false)}>
              Stay signed in
            </Button>
            <Button color="red" onClick={() => void signOut()} data-testid="confirm-sign-out">
              Sign out
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
