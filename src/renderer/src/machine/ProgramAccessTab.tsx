import { ActionIcon, Box, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import type { ReactElement, ReactNode } from 'react'
import type { MachineView } from '../../../shared/api/views'
import { useRobotStore } from '../state/useRobotStore'
// The program shown is the real one, run by its own test (tests/examples/robotStatus.test.ts).
import exampleProgram from '../../../../examples/robotStatus.ts?raw'

function Copyable({ value, label }: { value: string; label: string }): ReactElement {
  return (
    <Group gap={6} wrap="nowrap">
      <Code>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the ${label}`}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={copy}
              aria-label={`Copy the ${label}`}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <Group gap="md" wrap="nowrap">
      <Text size="sm" c="dimmed" w={100}>
        {label}
      </Text>
      {children}
    </Group>
  )
}

/** CONNECT: the ids a program needs, and what connecting from code will look like. */
export function ProgramAccessTab({ view, partId }: { view: MachineView; partId: string }): ReactElement {
  const part = view.machine.parts.find((p) => p.id === partId)
  const nearby = useRobotStore((st) => st.nearby.find((n) => n.partId === partId))
  const address = nearby ? `${nearby.host}:${nearby.port}` : 'HOST:PORT'
  const command = `npx tsx examples/robotStatus.ts --address ${address} --part ${partId} --secret PART_SECRET`
  return (
    <Box style={{ overflow: 'auto', height: '100%' }} data-testid="connect-tab">
      <Stack gap="md">
        <Stack gap={6}>
          <Fact label="Part">
            <Text size="sm">
              {part?.name ?? partId}
              {part?.isMain ? ' (main part)' : ''}
            </Text>
          </Fact>
          <Fact label="Part id">
            <Copyable value={partId} label="part id" />
          </Fact>
          <Fact label="Machine id">
            <Copyable value={view.machine.id} label="machine id" />
          </Fact>
          <Fact label="Part secret">
            <Text size="sm" c="dimmed" data-testid="secret-where">
              Not shown here: it is the secret field of the robot&apos;s agent config (the simulator prints it
              at start). Once you connect with it, this computer remembers it, sealed.
            </Text>
          </Fact>
        </Stack>
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            From a program
          </Text>
          <Text size="sm" c="dimmed" maw={720}>
            A program on this network talks to the robot the way Fleetdesk does: a WebRTC session to its
            agent, opened with the part secret (or a hub token), then the robot protocol described in
            docs/robot-protocol.md. This example ships with Fleetdesk; run it from a checkout
            {nearby ? '' : ' (the address is the one Nearby shows once the robot is on the LAN)'}:
          </Text>
          <Copyable value={command} label="command" />
          <Code block data-testid="connect-sample">
            {exampleProgram}
          </Code>
        </Stack>
      </Stack>
    </Box>
  )
}
