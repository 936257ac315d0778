import { ActionIcon, Box, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import type { ReactElement, ReactNode } from 'react'
import type { MachineView } from '../../../shared/api/views'

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
  const sample = `// Connecting from a program arrives with live robot sessions.
// A session speaks JSON-RPC 2.0 to the machine's main part:
const session = await fleetdesk.connect({ partId: '${partId}' })
const status = await session.call('machine.status', {})
console.log(status.resources)
await session.close()`
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
        <div>
          <Text size="sm" fw={600} mb={4}>
            Code sample (illustrative: the client library comes with live sessions)
          </Text>
          <Code block>{sample}</Code>
        </div>
      </Stack>
    </Box>
  )
}
