import { ActionIcon, Badge, Box, Button, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconMapPinPlus, IconPlugConnected, IconWifi } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import type { NearbyRobot, RobotSessionView } from '../../../shared/api/robotViews'
import { isSessionOpen } from '../robots/sessionText'
import { openSessionDialog } from './useSessionDialogStore'
import { useRobotStore } from '../state/useRobotStore'
import { useTreeStore } from '../fleet/useTreeStore'
import { nodeKey } from '../fleet/buildFleetIndex'
import { AddRobotDialog } from './AddRobotDialog'
import { openRobot, robotKey } from '../robots/openRobot'
import { SessionStateText } from '../robots/SessionState'

function NearbyRow({
  robot,
  session,
  selected,
  onAdd,
}: {
  robot: NearbyRobot
  session: RobotSessionView | undefined
  selected: boolean
  onAdd(robot: NearbyRobot): void
}): ReactElement {
  const known = robot.machineId !== null
  const open = isSessionOpen(session)
  return (
    <Box
      className="fd-nearby-row"
      data-testid="nearby-row"
      data-part-id={robot.partId}
      data-known={known}
      aria-current={selected ? 'page' : undefined}
    >
      <Group gap={6} wrap="nowrap" justify="space-between">
        <UnstyledButton
          onClick={() => openRobot(robot)}
          style={{ minWidth: 0, flex: '1 1 auto' }}
          title={known ? 'Open the machine page' : 'Open this robot'}
        >
          <Text size="sm" fw={600} truncate>
            {robot.machineName}
          </Text>
        </UnstyledButton>
        <Tooltip
          label={
            known
              ? 'A machine of your fleet (matched by its part id)'
              : 'Not a machine of your fleet, or not one you may see'
          }
        >
          <Badge size="sm" variant={known ? 'light' : 'outline'} color={known ? 'blue' : 'gray'} tt="none">
            {known ? 'known' : 'unknown'}
          </Badge>
        </Tooltip>
      </Group>
      <Group gap={6} wrap="nowrap" justify="space-between" mt={4}>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" className="fd-mono" truncate>
            {robot.host}:{robot.port}
          </Text>
          {session ? <SessionStateText state={session.state} /> : null}
        </Stack>
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          {!known ? (
            <Tooltip label="Add to a location of your fleet">
              <ActionIcon
                size={36}
                variant="subtle"
                aria-label="Add to a location"
                onClick={() => onAdd(robot)}
                data-testid="add-robot-button"
              >
                <IconMapPinPlus size={18} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          {open ? (
            <Button size="sm" variant="default" onClick={() => openRobot(robot)} data-testid="nearby-open">
              Open
            </Button>
          ) : (
            <Button
              size="sm"
              leftSection={<IconPlugConnected size={14} />}
              onClick={() =>
                openSessionDialog({ partId: robot.partId, machineName: robot.machineName, known })
              }
              data-testid="connect-button"
            >
              Connect
            </Button>
          )}
        </Group>
      </Group>
    </Box>
  )
}

/** Below the fleet tree: the robots discovery sees on the LAN, to connect to or add to the fleet. */
export function NearbyList(): ReactElement {
  const nearby = useRobotStore((s) => s.nearby)
  const sessions = useRobotStore((s) => s.sessions)
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const [adding, setAdding] = useState<NearbyRobot | null>(null)
  return (
    <Box
      component="section"
      aria-label="Nearby robots"
      style={{
        flex: 'none',
        maxHeight: '42%',
        display: 'flex',
        flexDirection: 'column',
        borderTop: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <Group justify="space-between" px="xs" pt={8} pb={4} style={{ flex: 'none' }}>
        <Group gap={6}>
          <IconWifi size={14} aria-hidden="true" color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Nearby
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {nearby.length} on the LAN
        </Text>
      </Group>
      <Box data-testid="nearby-list" style={{ overflowY: 'auto', minHeight: 0 }} px="xs" pb="xs">
        {nearby.length === 0 ? (
          <Text size="xs" c="dimmed" px={2} py={4}>
            No robots seen on the network yet. Robots that advertise themselves show up here within a second.
          </Text>
        ) : (
          nearby.map((r) => (
            <NearbyRow
              key={r.partId}
              robot={r}
              session={sessions[r.partId]}
              selected={
                selectedKey === robotKey(r.partId) ||
                (r.machineId !== null && selectedKey === nodeKey('machine', r.machineId))
              }
              onAdd={setAdding}
            />
          ))
        )}
      </Box>
      <AddRobotDialog robot={adding} onClose={() => setAdding(null)} />
    </Box>
  )
}
