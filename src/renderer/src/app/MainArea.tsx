import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { MachineId } from '../../../shared/ids'
import { ErrorBoundary } from '../common/ErrorBoundary'
import { loadAll } from '../state/coreSync'
import { useAppStore } from '../state/useAppStore'
import { useTreeStore } from '../state/useTreeStore'
import { EmptyState } from '../fleet/EmptyState'
import { openAllMachines } from '../fleet/openTreeNode'
import { FleetOverview } from '../fleet/FleetOverview'
import { MachinePage } from '../machine/MachinePage'
import { ROBOT_KEY_PREFIX } from '../robots/openRobot'
import { RobotPage } from '../machine/RobotPage'
import { SERIAL_KEY_PREFIX } from '../serial/serialKey'
import { SerialConsolePage } from '../serial/SerialConsolePage'

/** What the selection asks for: a machine page, an overview, the first-run panel, or why none loads. */
export function MainArea(): ReactElement {
  const loadError = useAppStore((s) => s.loadError)
  const status = useAppStore((s) => s.status)
  const index = useAppStore((s) => s.index)
  const selectedKey = useTreeStore((s) => s.selectedKey)

  if (loadError && !index) {
    return (
      <Center h="100%" p="xl">
        <Alert color="red" title="Fleetdesk could not start" maw={560} data-testid="load-error">
          <Stack gap="sm">
            <Text size="sm">{loadError}</Text>
            <Group>
              <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={() => void loadAll()}>
                Try again
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Center>
    )
  }
  if (!status || !index) {
    return (
      <Center h="100%">
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Opening the local cache…
          </Text>
        </Group>
      </Center>
    )
  }
  if (selectedKey?.startsWith(ROBOT_KEY_PREFIX)) {
    const partId = selectedKey.slice(ROBOT_KEY_PREFIX.length)
    return (
      <ErrorBoundary key={selectedKey} what="the robot's page">
        <RobotPage partId={partId} />
      </ErrorBoundary>
    )
  }
  if (selectedKey?.startsWith(SERIAL_KEY_PREFIX)) {
    const path = selectedKey.slice(SERIAL_KEY_PREFIX.length)
    return (
      <ErrorBoundary key={selectedKey} what="the serial console">
        <SerialConsolePage path={path} />
      </ErrorBoundary>
    )
  }
  if (status.cacheEmpty && index.machines.size === 0) {
    return (
      <ErrorBoundary key="first-run" what="the first-run page">
        <EmptyState />
      </ErrorBoundary>
    )
  }

  const node = selectedKey ? index.nodes.get(selectedKey) : undefined
  if (node && (node.kind === 'machine' || node.kind === 'part') && node.machine) {
    // Keyed by what is shown, so a page that failed is fresh again once another is chosen.
    return (
      <ErrorBoundary key={node.machine.id} what={`the page of ${node.machine.name}`}>
        <MachinePage machineId={node.machine.id as MachineId} />
      </ErrorBoundary>
    )
  }
  if (selectedKey && !node) return <NotInCache nodeKey={selectedKey} />
  return (
    <ErrorBoundary key={node?.key ?? 'all'} what="the fleet overview">
      <FleetOverview key={node?.key ?? 'all'} nodeKey={node?.key ?? null} />
    </ErrorBoundary>
  )
}

const KIND_WORD: Record<string, string> = {
  org: 'organization',
  location: 'location',
  machine: 'machine',
  part: 'part',
}

/** A link (or Back) to something this cache does not hold, or that this identity may not see. */
function NotInCache({ nodeKey }: { nodeKey: string }): ReactElement {
  const colon = nodeKey.indexOf(':')
  const kind = KIND_WORD[nodeKey.slice(0, colon)] ?? 'page'
  const id = nodeKey.slice(colon + 1)
  return (
    <Center h="100%" p="xl">
      <Alert color="yellow" title={`No ${kind} ${id} here`} maw={560} data-testid="not-in-cache">
        <Stack gap="sm">
          <Text size="sm">
            This address names a {kind} that is not in this computer&apos;s cache. It may have been deleted or
            not synced here yet, or your role may not show it.
          </Text>
          <Group>
            <Button size="xs" variant="default" onClick={openAllMachines}>
              Show all machines
            </Button>
          </Group>
        </Stack>
      </Alert>
    </Center>
  )
}
