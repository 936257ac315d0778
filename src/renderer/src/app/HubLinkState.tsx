import { Group, Text, Tooltip } from '@mantine/core'
import { IconCloud, IconCloudOff, IconPlugConnectedX } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { useAppStore } from '../state/useAppStore'
import { useNow } from '../common/useNow'
import { getCoreApi } from '../api/getCoreApi'

/**
 * Hub connectivity and last sync, or, in browser mode, that the page has lost the core itself
 * (then nothing else on screen can be trusted to be current, so that wins).
 */
export function HubLinkState(): ReactElement {
  const carrier = useAppStore((s) => s.carrier)
  const status = useAppStore((s) => s.status)
  const now = useNow(30_000)

  let state: 'core-refused' | 'core-disconnected' | 'connecting' | 'online' | 'offline'
  if (carrier === 'refused') state = 'core-refused'
  else if (carrier === 'disconnected') state = 'core-disconnected'
  else if (carrier === 'connecting' || !status) state = 'connecting'
  else state = status.online ? 'online' : 'offline'

  const lastSync = status?.lastSyncAt ?? null
  const label = {
    'core-refused': 'Access refused',
    'core-disconnected': 'Core disconnected',
    connecting: 'Connecting…',
    online: 'Online',
    offline: 'Offline',
  }[state]
  const coreDown = state === 'core-disconnected' || state === 'core-refused'
  const Icon = coreDown ? IconPlugConnectedX : state === 'online' ? IconCloud : IconCloudOff
  const color = coreDown ? 'red' : state === 'online' ? 'green' : 'dimmed'
  const detail =
    state === 'core-refused'
      ? (getCoreApi().carrierRefusal() ?? 'The Fleetdesk core refused this page.')
      : state === 'core-disconnected'
        ? 'This page lost its connection to the Fleetdesk core and is retrying. Changes you make now are not saved.'
        : state === 'online'
          ? 'Connected to the hub. Edits sync as you save them.'
          : 'Not connected to a hub. Everything you save is kept on this computer and synced when the hub is reachable.'

  return (
    <Tooltip label={`${detail} Last sync: ${formatDateTime(lastSync)}.`} multiline w={320} withArrow>
      <Group gap={6} wrap="nowrap" data-testid="connection-state" data-state={state} tabIndex={0}>
        <Icon
          size={17}
          color={`var(--mantine-color-${color === 'dimmed' ? 'dimmed' : `${color}-6`})`}
          aria-hidden="true"
        />
        <Text size="sm" fw={600} c={color === 'dimmed' ? undefined : color}>
          {label}
        </Text>
        {state === 'online' || state === 'offline' ? (
          <Text size="xs" c="dimmed">
            {lastSync ? `synced ${formatRelative(lastSync, now)}` : 'never synced'}
          </Text>
        ) : null}
      </Group>
    </Tooltip>
  )
}
