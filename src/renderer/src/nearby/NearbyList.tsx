import { ActionIcon, Badge, Box, Button, Group, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconMapPinPlus, IconPlugConnected, IconWifi } from '@tabler/icons-react'
import { useMemo, useState, type ReactElement } from 'react'
import type { NearbyRobot, RobotSessionView } from '../../../shared/api/robotViews'
import { isSessionOpen } from '../robots/sessionText'
import { openSessionDialog } from './useSessionDialogStore'
import { useRobotStore } from '../state/useRobotStore'
import { useTreeStore } from '../state/useTreeStore'
import { nodeKey } from '../state/buildFleetIndex'
import { AddRobotDialog } from './AddRobotDialog'
import { openRobot, robotKey } from '../robots/openRobot'
import { SessionStateText } from '../robots/SessionState'

function NearbyRow({
  robot,
  session,
  selected,
  sameName,
  onAdd,
}: {
  robot: NearbyRobot
  session: RobotSessionView | undefined
  selected: boolean
  /** Another robot on the list has the same name: the part id tells them apart. */
  sameName: boolean
  onAdd(robot: NearbyRobot): void
}): ReactElement {
  const known = robot.machineId !== null
  const open = isSessionOpen(session)
  const address = `${robot.host}:${robot.port}`
  return (
    <Box
      className="fd-nearby-row"
      data-testid="nearby-row"
      data-part-id={robot.partId}
      data-known={known}
      aria-current={selected ? 'page' : undefined}
    >
      <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
        <UnstyledButton
          onClick={() => openRobot(robot)}
          style={{ minWidth: 0, flex: '1 1 auto' }}
          title={known ? 'Open the machine page' : 'Open this robot'}
        >
          <Text size="sm" fw={600} className="fd-wrap-anywhere" data-testid="nearby-name">
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
          <Badge
            size="sm"
            variant={known ? 'light' : 'outline'}
            color={known ? 'blue' : 'gray'}
            tt="none"
            style={{ flex: 'none' }}
          >
            {known ? 'known' : 'unknown'}
          </Badge>
        </Tooltip>
      </Group>
      {/* Never cut: the address (and, for a repeated name, the part id) is how two robots differ. */}
      <Text size="xs" c="dimmed" className="fd-mono fd-wrap-anywhere" data-testid="nearby-address">
        {address}
      </Text>
      {sameName ? (
        <Text size="xs" c="dimmed" className="fd-mono fd-wrap-anywhere" data-testid="nearby-part">
          part {robot.partId}
        </Text>
      ) : null}
      <Group gap={6} wrap="nowrap" justify="space-between" mt={4}>
        <Box style={{ minWidth: 0 }}>{session ? <SessionStateText state={session.state} /> : null}</Box>
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
  const coreReachable = useRobotStore((s) => s.coreReachable)
  const repeated = useMemo(() => {
    const seen = new Map<string, number>()
    for (const r of nearby) seen.set(r.machineName, (seen.get(r.machineName) ?? 0) + 1)
    return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name))
  }, [nearby])
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
        <Text size="xs" c={coreReachable ? 'dimmed' : 'yellow'} data-testid="nearby-count">
          {coreReachable ? `${nearby.length} on the LAN` : 'unknown: core disconnected'}
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
              sameName={repeated.has(r.machineName)}
              onAdd={setAdding}
            />
          ))
        )}
      </Box>
      <AddRobotDialog robot={adding} onClose={() => setAdding(null)} />
    </Box>
  )
}
