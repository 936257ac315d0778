import { Badge, Group, Text } from '@mantine/core'
import { IconUser } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { effectiveRole } from './effectiveRole'
import { useAppStore } from '../state/useAppStore'
import { useMachineStore } from '../machine/useMachineStore'
import { useTreeStore } from '../state/useTreeStore'
import { ancestorKeys } from '../state/buildFleetIndex'

/** Who is acting and with which role here: the role decides what the pages offer. */
export function IdentityBadge(): ReactElement | null {
  const identity = useAppStore((s) => s.identity)
  const tree = useAppStore((s) => s.tree)
  const index = useAppStore((s) => s.index)
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const machineRole = useMachineStore((s) => s.view?.role ?? null)
  if (!identity) return null
  const orgKey = selectedKey && index ? (ancestorKeys(index, selectedKey)[0] ?? selectedKey) : null
  const orgId = orgKey ? index?.nodes.get(orgKey)?.id : undefined
  const org = tree?.orgs.find((o) => o.id === orgId) ?? null
  const showMachineRole = selectedKey?.startsWith('machine:') || selectedKey?.startsWith('part:')
  const role = effectiveRole(identity, org, showMachineRole ? machineRole : null)
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid="identity"
      title={`${identity.name} (${identity.email ?? 'no email'})`}
    >
      <IconUser size={16} aria-label={identity.name} />
      {/* Narrow windows keep the role and drop the name (it is in the tooltip): the top bar must fit. */}
      <Text size="sm" truncate maw={180} visibleFrom="lg">
        {identity.name}
      </Text>
      <Badge variant="outline" color="gray" size="sm" data-testid="identity-role">
        {role ?? 'no role'}
      </Badge>
    </Group>
  )
}
