import { Alert, Badge, Box, Group, Stack, Tabs, Text, Title } from '@mantine/core'
import { IconPlugConnected } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { isSessionOpen } from '../robots/sessionText'
import { useRobotStore, useSession } from '../state/useRobotStore'
import { sessionRoleAllows } from '../../../shared/robot/sessionRoleAllows'
import { LiveStatusFacts } from './LiveStatusFacts'
import { LogsTab } from '../logs/LogsTab'
import { MachineConnectButton } from './MachineConnectButton'
import { RobotControl } from '../control/RobotControl'
import { SessionStateBadge } from '../robots/SessionState'
import { useRobotWatch } from '../robots/useRobotWatch'
import { serialPortOf, SessionConsoleTab } from '../serial/SessionConsoleTab'

const NO_CACHED: ReadonlyArray<{ name: string; api: string; model: string | null }> = []

/**
 * A robot that is not a machine of the cached fleet (or not one this identity may see): found on the
 * LAN, reachable with its part secret or a token. Its components come from the robot itself.
 */
export function RobotPage({ partId }: { partId: string }): ReactElement {
  const nearby = useRobotStore((s) => s.nearby.find((n) => n.partId === partId))
  const session = useSession(partId)
  const [tab, setTab] = useState<string | null>('control')
  const live = session?.state === 'live'
  useRobotWatch(partId, 'status', live)
  const name = session?.machineName ?? nearby?.machineName ?? partId
  const address = nearby ? `${nearby.host}:${nearby.port}` : (session?.address ?? '')
  const open = isSessionOpen(session)
  // Logs are for owner sessions (the robot's rule); with no session the log cache is still worth a look.
  const showLogs = !open || sessionRoleAllows(session.role, { topic: 'logs' })
  // A robot on a serial port also has its raw console: the text it prints outside its frames.
  const serialPort = serialPortOf(session)

  return (
    <Box
      data-testid="robot-page"
      data-part-id={partId}
      style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
    >
      <Stack gap={4} px="md" pt="md" pb="xs">
        <Group gap="sm" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Title order={3} lineClamp={1}>
              {name}
            </Title>
            <Badge variant="outline" color="gray" size="lg" tt="none">
              Not in your fleet
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <SessionStateBadge session={session} />
            <MachineConnectButton partId={partId} machineName={name} known={false} session={session} />
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          Part <span className="fd-mono">{partId}</span>
          {address ? (
            <>
              {' '}
              at <span className="fd-mono">{address}</span>
            </>
          ) : null}
          {nearby ? '' : ' · not seen on the LAN right now'}
        </Text>
        {live ? <LiveStatusFacts partId={partId} /> : null}
      </Stack>
      <Tabs
        value={tab}
        onChange={setTab}
        keepMountedMode="display-none"
        style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
      >
        <Tabs.List px="md">
          <Tabs.Tab value="control">CONTROL</Tabs.Tab>
          {showLogs ? <Tabs.Tab value="logs">LOGS</Tabs.Tab> : null}
          {serialPort ? <Tabs.Tab value="console">CONSOLE</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel
          value="control"
          p="md"
          style={{ flex: '1 1 auto', minHeight: 0, overflow: 'auto' }}
          data-testid="control-tab"
        >
          {open ? (
            <RobotControl partId={partId} session={session} cached={NO_CACHED} active={tab === 'control'} />
          ) : (
            <Alert
              variant="light"
              color="blue"
              icon={<IconPlugConnected size={18} />}
              title="Connect to control"
              data-testid="connect-cta"
            >
              <Text size="sm">
                Connect with the robot&apos;s part secret or an access token to see and drive its components.
                {session?.error ? ` The last attempt failed: ${session.error}` : ''}
              </Text>
            </Alert>
          )}
        </Tabs.Panel>
        {showLogs ? (
          <Tabs.Panel value="logs" p="md" style={{ flex: '1 1 auto', minHeight: 0 }}>
            <LogsTab machineName={name} partId={partId} active={tab === 'logs'} />
          </Tabs.Panel>
        ) : null}
        {serialPort ? (
          <Tabs.Panel
            value="console"
            p="md"
            style={{ flex: '1 1 auto', minHeight: 0 }}
            data-testid="console-tab"
          >
            {tab === 'console' ? (
              <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
                <SessionConsoleTab path={serialPort.path} baudRate={serialPort.baudRate} />
              </Box>
            ) : null}
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Box>
  )
}
