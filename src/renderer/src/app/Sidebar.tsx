import { Box, Group, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useAppStore } from '../state/useAppStore'
import { FleetTree } from '../fleet/FleetTree'
import { NearbyList } from '../nearby/NearbyList'
import { SerialPortsList } from '../serial/SerialPortsList'
import { TreeSearch } from '../fleet/TreeSearch'

/** Left column: search over the fleet tree, then the robots seen on the LAN and the serial ports. */
export function Sidebar(): ReactElement {
  const machineCount = useAppStore((s) => s.tree?.machines.length ?? 0)
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Box p="xs" pb={6}>
        <TreeSearch />
        <Group justify="space-between" mt={6} px={2}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Fleet
          </Text>
          <Text size="xs" c="dimmed">
            {machineCount.toLocaleString()} machine{machineCount === 1 ? '' : 's'}
          </Text>
        </Group>
      </Box>
      <Box style={{ flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <FleetTree />
      </Box>
      <NearbyList />
      <SerialPortsList />
    </Box>
  )
}
