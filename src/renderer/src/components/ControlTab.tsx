import { Alert, Badge, Box, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconPlugConnected } from '@tabler/icons-react'
import { useCallback, useMemo, type ReactElement } from 'react'
import type { MachineView } from '../../../shared/api/views'
import { getCoreApi } from '../api/getCoreApi'
import { groupComponents } from '../tree/groupComponents'
import { useCoreQuery } from './useCoreQuery'

/**
 * CONTROL, until live robot sessions land: the machine's components by type, from its config, so an
 * operator can see what the machine has. Controls appear here once a session is live.
 */
export function ControlTab({ view }: { view: MachineView }): ReactElement {
  const machineId = view.machine.id
  const multiPart = view.machine.parts.length > 1
  const fetcher = useCallback(() => getCoreApi().getMachineComponents({ machineId }), [machineId])
  const query = useCoreQuery(fetcher, {
    what: `list the components of ${view.machine.name}`,
    refetchOnFleetChange: true,
  })
  const loaded = query.data !== undefined || query.error !== undefined
  const groups = useMemo(() => groupComponents(query.data ?? []), [query.data])

  return (
    <Box style={{ overflow: 'auto', height: '100%' }} data-testid="control-tab">
      <Stack gap="md">
        <Alert
          variant="light"
          color="blue"
          icon={<IconPlugConnected size={18} />}
          title="Live control needs a connection"
        >
          Fleetdesk will drive these components once it has a live session with the machine (on the LAN or
          over USB). Until then this list comes from the machine&apos;s config, and no control is possible.
        </Alert>
        {!loaded ? (
          <Loader size="sm" />
        ) : groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            The config of {view.machine.name} lists no components yet.
          </Text>
        ) : (
          groups.map((g) => (
            <Box key={`${g.kind}-${g.type}`}>
              <Group gap={8} mb={6}>
                <Title order={5} tt="capitalize">
                  {g.type.replace(/_/g, ' ')}
                </Title>
                <Badge size="sm" variant="light" color="gray">
                  {g.items.length}
                </Badge>
                {g.kind === 'service' ? (
                  <Badge size="sm" variant="outline" color="gray">
                    service
                  </Badge>
                ) : null}
              </Group>
              <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="xs">
                {g.items.map((c) => (
                  <Paper key={`${c.partId}/${c.name}`} withBorder p="xs" data-testid="control-component">
                    <Group justify="space-between" wrap="nowrap">
                      <Text fw={600} size="sm" truncate>
                        {c.name}
                      </Text>
                      {multiPart ? (
                        <Text size="xs" c="dimmed">
                          {c.partName}
                        </Text>
                      ) : null}
                    </Group>
                    <Text size="xs" c="dimmed" className="fd-mono" truncate>
                      {c.api} · {c.model ?? 'no model'}
                    </Text>
                  </Paper>
                ))}
              </SimpleGrid>
            </Box>
          ))
        )}
      </Stack>
    </Box>
  )
}
