import { Accordion, Badge, Group, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconLoader, IconTrash } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { ResourceState } from '../../../shared/robot/protocol'
import { useRobotStore } from '../state/useRobotStore'

const look: Record<ResourceState, { color: string; Icon: typeof IconCircleCheck }> = {
  ready: { color: 'green', Icon: IconCircleCheck },
  configuring: { color: 'blue', Icon: IconLoader },
  unhealthy: { color: 'red', Icon: IconAlertTriangle },
  removed: { color: 'gray', Icon: IconTrash },
}

/** Every resource the robot built, with its state and, for an unhealthy one, the robot's error. */
export function ResourceStatusList({ partId }: { partId: string }): ReactElement | null {
  const live = useRobotStore((s) => s.status[partId])
  if (!live) return null
  const resources = live.status.resources
  const unhealthy = resources.filter((r) => r.state === 'unhealthy').length
  return (
    <Accordion
      variant="contained"
      defaultValue={unhealthy > 0 ? 'status' : null}
      data-testid="robot-resources"
    >
      <Accordion.Item value="status">
        <Accordion.Control>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              Resources on the robot
            </Text>
            <Badge size="sm" variant="light" color={unhealthy > 0 ? 'red' : 'green'} tt="none">
              {resources.length} · {unhealthy > 0 ? `${unhealthy} unhealthy` : 'all ready'}
            </Badge>
          </Group>
        </Accordion.Control>
        <Accordion.Panel>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>API</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {resources.map((r) => {
                const { color, Icon } = look[r.state]
                return (
                  <Table.Tr
                    key={r.name}
                    data-testid="resource-status"
                    data-name={r.name}
                    data-state={r.state}
                  >
                    <Table.Td fw={600}>{r.name}</Table.Td>
                    <Table.Td className="fd-mono">{r.api}</Table.Td>
                    <Table.Td className="fd-mono">{r.model ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" c={color}>
                        <Icon size={14} aria-hidden="true" />
                        <Text size="sm" fw={600}>
                          {r.state}
                        </Text>
                      </Group>
                      {r.error ? (
                        <Text size="xs" c="red">
                          {r.error}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  )
}
