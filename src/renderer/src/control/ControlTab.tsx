import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconPlugConnected } from '@tabler/icons-react'
import { useCallback, useMemo, type ReactElement } from 'react'
import type { ComponentSummary, MachineView } from '../../../shared/api/views'
import { getCoreApi } from '../api/getCoreApi'
import { isSessionOpen } from '../robots/sessionText'
import { openSessionDialog } from '../nearby/useSessionDialogStore'
import { useSession } from '../state/useRobotStore'
import { groupComponents } from './groupComponents'
import { RobotControl } from './RobotControl'
import { useCoreQuery } from '../state/useCoreQuery'

interface Props {
  view: MachineView
  /** The part the page talks to (see robotPartFor). */
  partId: string | null
  /** The tab is on screen (cameras pause while it is not). */
  active: boolean
}

/**
 * CONTROL: with a session to the machine, a panel per component; without one, the components from the
 * config (what the machine has) and a way to connect. Nothing moves without a live session.
 */
export function ControlTab({ view, partId, active }: Props): ReactElement {
  const machineId = view.machine.id
  const multiPart = view.machine.parts.length > 1
  const fetcher = useCallback(() => getCoreApi().getMachineComponents({ machineId }), [machineId])
  const query = useCoreQuery(fetcher, {
    what: `list the components of ${view.machine.name}`,
    refetchOnFleetChange: true,
  })
  const session = useSession(partId)
  const loaded = query.data !== undefined || query.error !== undefined
  const groups = useMemo(() => groupComponents(query.data ?? []), [query.data])
  const cached = useMemo(
    () => (query.data ?? []).filter((c: ComponentSummary) => c.kind === 'component' && c.partId === partId),
    [query.data, partId],
  )

  if (partId && isSessionOpen(session)) {
    return (
      <Box style={{ overflow: 'auto', height: '100%' }} data-testid="control-tab">
        <RobotControl partId={partId} session={session} cached={cached} active={active} />
      </Box>
    )
  }

  return (
    <Box style={{ overflow: 'auto', height: '100%' }} data-testid="control-tab">
      <Stack gap="md">
        <Alert
          variant="light"
          color="blue"
          icon={<IconPlugConnected size={18} />}
          title="Connect to control"
          data-testid="connect-cta"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              Driving {view.machine.name} needs a live session with it, on the LAN. Until then this list comes
              from the machine&apos;s config and no control is possible.
              {session?.state === 'closed' && session.error
                ? ` The last attempt failed: ${session.error}`
                : ''}
            </Text>
            {partId && view.capabilities.canControl ? (
              <Button
                size="md"
                leftSection={<IconPlugConnected size={18} />}
                onClick={() => openSessionDialog({ partId, machineName: view.machine.name, known: true })}
                data-testid="control-connect"
              >
                Connect to {view.machine.name}
              </Button>
            ) : null}
          </Stack>
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
