import { ActionIcon, Divider, Group, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconRobot } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { SyncStatusMenu } from '../sync/SyncStatusMenu'
import { FleetBreadcrumb } from '../fleet/FleetBreadcrumb'
import { IdentityBadge } from './IdentityBadge'
import { PendingEditsButton } from '../pending/PendingEditsButton'
import { StopAllButton } from '../robots/StopAllButton'
import { SettingsButton } from '../settings/SettingsButton'
import { ThemeToggle } from './ThemeToggle'
import { CopyLinkButton } from './CopyLinkButton'
import { openAllMachines } from '../fleet/openTreeNode'
import { useSidebarStore } from '../state/useSidebarStore'

function SidebarToggle(): ReactElement {
  const collapsed = useSidebarStore((s) => s.collapsed)
  const label = collapsed ? 'Show the sidebar' : 'Hide the sidebar'
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={label}
        aria-expanded={!collapsed}
        aria-controls="fd-sidebar"
        data-testid="sidebar-toggle"
        onClick={() => useSidebarStore.getState().setCollapsed(!collapsed)}
      >
        {collapsed ? <IconLayoutSidebarLeftExpand size={18} /> : <IconLayoutSidebarLeftCollapse size={18} />}
      </ActionIcon>
    </Tooltip>
  )
}

export function TopBar(): ReactElement {
  return (
    <Group h="100%" px="sm" gap="sm" wrap="nowrap" justify="space-between" data-testid="top-bar">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 auto', overflow: 'hidden' }}>
        <SidebarToggle />
        <Tooltip label="All machines">
          <UnstyledButton
            onClick={openAllMachines}
            className="fd-home"
            aria-label="Fleetdesk: all machines"
            data-testid="home"
          >
            <IconRobot size={20} color="var(--mantine-primary-color-filled)" aria-hidden="true" />
            <Text fw={700} size="sm" visibleFrom="lg" component="span">
              Fleetdesk
            </Text>
          </UnstyledButton>
        </Tooltip>
        <Divider orientation="vertical" />
        <FleetBreadcrumb />
        <CopyLinkButton />
      </Group>
      <Group gap="sm" wrap="nowrap" style={{ flex: 'none' }}>
        <StopAllButton />
        <SyncStatusMenu />
        <PendingEditsButton />
        <Divider orientation="vertical" />
        <IdentityBadge />
        <SettingsButton />
        <ThemeToggle />
      </Group>
    </Group>
  )
}
