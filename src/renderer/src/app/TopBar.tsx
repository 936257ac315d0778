import { Divider, Group, Text } from '@mantine/core'
import { IconRobot } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { HubLinkState } from './HubLinkState'
import { FleetBreadcrumb } from '../fleet/FleetBreadcrumb'
import { IdentityBadge } from './IdentityBadge'
import { PendingEditsButton } from '../pending/PendingEditsButton'
import { StopAllButton } from '../robots/StopAllButton'
import { SettingsButton } from '../settings/SettingsButton'
import { ThemeToggle } from './ThemeToggle'

export function TopBar(): ReactElement {
  return (
    <Group h="100%" px="sm" gap="md" wrap="nowrap" justify="space-between">
      <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 auto', overflow: 'hidden' }}>
        <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
          <IconRobot size={20} color="var(--mantine-primary-color-filled)" aria-hidden="true" />
          <Text fw={700} size="sm">
            Fleetdesk
          </Text>
        </Group>
        <Divider orientation="vertical" />
        <FleetBreadcrumb />
      </Group>
      <Group gap="md" wrap="nowrap" style={{ flex: 'none' }}>
        <StopAllButton />
        <HubLinkState />
        <PendingEditsButton />
        <Divider orientation="vertical" />
        <IdentityBadge />
        <SettingsButton />
        <ThemeToggle />
      </Group>
    </Group>
  )
}
