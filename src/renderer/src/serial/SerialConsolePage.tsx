import { Box, Group, Text, Title } from '@mantine/core'
import { IconTerminal2 } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { portFacts, portTitle } from './portTitle'
import { SerialConsoleView } from './SerialConsoleView'
import { useSerialStore } from './useSerialStore'

/** The main area for a serial port's console (a device that speaks no frames, or before connecting). */
export function SerialConsolePage({ path }: { path: string }): ReactElement {
  const port = useSerialStore((s) => s.ports.find((p) => p.path === path))
  return (
    <Box p="md" style={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0, gap: 8 }}>
      <Group gap="sm" wrap="nowrap" align="baseline">
        <IconTerminal2 size={20} aria-hidden="true" style={{ flex: 'none', alignSelf: 'center' }} />
        <Title order={3} className="fd-mono fd-wrap-anywhere" data-testid="console-title">
          {path}
        </Title>
        {port ? (
          <Text size="sm" c="dimmed" className="fd-wrap-anywhere">
            {[portTitle(port), ...portFacts(port)].join(' · ')}
          </Text>
        ) : null}
      </Group>
      <SerialConsoleView path={path} />
    </Box>
  )
}
