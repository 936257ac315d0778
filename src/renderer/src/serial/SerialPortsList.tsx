import { Badge, Box, Button, Group, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconTerminal2, IconUsb } from '@tabler/icons-react'
import { useEffect, useState, type ReactElement } from 'react'
import {
  DEFAULT_BAUD_RATE,
  type SerialConsoleView,
  type SerialPortView,
} from '../../../shared/api/serialViews'
import { getCoreApi } from '../api/getCoreApi'
import { useTreeStore } from '../state/useTreeStore'
import { AutoConnectSwitch } from './AutoConnectSwitch'
import { OpenByPathDialog } from './OpenByPathDialog'
import { openConsole } from './openConsole'
import { portFacts, portTitle } from './portTitle'
import { serialKey, showSerialConsole } from './serialKey'
import { useSerialStore } from './useSerialStore'

/** Keeps the core's hot-plug poll going while this list is on screen (a lease, renewed at half-time). */
function usePortWatch(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const renew = async (): Promise<void> => {
      let next = 5000
      try {
        next = (await getCoreApi().watchSerialPorts({})).leaseMs / 2
      } catch {
        // The core is away: try again; the list says so through the sync.
      }
      if (!stopped) timer = setTimeout(() => void renew(), next)
    }
    void renew()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [])
}

function ConsoleBadge({ view }: { view: SerialConsoleView | undefined }): ReactElement | null {
  if (!view) return null
  const open = view.state === 'open'
  return (
    <Badge
      size="sm"
      variant={open ? 'light' : 'outline'}
      color={open ? 'teal' : 'gray'}
      tt="none"
      style={{ flex: 'none' }}
    >
      {open ? `console · ${view.baudRate}` : 'console closed'}
    </Badge>
  )
}

function PortRow({
  port,
  view,
  selected,
}: {
  port: SerialPortView
  view: SerialConsoleView | undefined
  selected: boolean
}): ReactElement {
  const facts = portFacts(port)
  const open = view?.state === 'open'
  return (
    <Box
      className="fd-nearby-row"
      data-testid="serial-port-row"
      data-path={port.path}
      aria-current={selected ? 'page' : undefined}
    >
      <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
        <Text size="sm" fw={600} className="fd-wrap-anywhere" data-testid="serial-port-title">
          {portTitle(port)}
        </Text>
        <ConsoleBadge view={view} />
      </Group>
      <Text size="xs" className="fd-mono fd-wrap-anywhere" data-testid="serial-port-path">
        {port.path}
      </Text>
      {facts.length > 0 ? (
        <Text size="xs" c="dimmed" className="fd-mono fd-wrap-anywhere" data-testid="serial-port-facts">
          {facts.join(' · ')}
        </Text>
      ) : null}
      <Group gap={6} justify="flex-end" mt={4}>
        <Button
          size="sm"
          variant={open ? 'default' : 'light'}
          leftSection={<IconTerminal2 size={14} />}
          onClick={() =>
            open
              ? showSerialConsole(port.path)
              : void openConsole(port.path, view?.baudRate || DEFAULT_BAUD_RATE, true).catch(() => undefined)
          }
          data-testid="serial-open-console"
        >
          {open ? 'Show console' : 'Open console'}
        </Button>
      </Group>
    </Box>
  )
}

/** Below Nearby: the serial ports of this computer, refreshed as devices come and go. */
export function SerialPortsList(): ReactElement {
  usePortWatch()
  const ports = useSerialStore((s) => s.ports)
  const loaded = useSerialStore((s) => s.portsLoaded)
  const error = useSerialStore((s) => s.portsError)
  const consoles = useSerialStore((s) => s.consoles)
  const selectedKey = useTreeStore((s) => s.selectedKey)
  const [byPath, setByPath] = useState(false)
  // Consoles opened by path (pseudo-terminals) are listed too, so they can be found again.
  const listed = new Set(ports.map((p) => p.path))
  const extra = Object.values(consoles).filter((c) => !listed.has(c.path))
  return (
    <Box
      component="section"
      aria-label="Serial ports"
      style={{
        flex: 'none',
        maxHeight: '30%',
        display: 'flex',
        flexDirection: 'column',
        borderTop: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <Group justify="space-between" px="xs" pt={8} pb={4} style={{ flex: 'none' }} wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <IconUsb size={14} aria-hidden="true" color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Serial ports
          </Text>
        </Group>
        <Tooltip label="Open any port by its path (pseudo-terminals are not listed)">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setByPath(true)}
            data-testid="serial-open-by-path"
          >
            Open by path…
          </Button>
        </Tooltip>
      </Group>
      {/* A row of its own: beside the title and the button it would cut them in a narrow sidebar. */}
      <Box px="xs" pb={4} style={{ flex: 'none' }}>
        <AutoConnectSwitch />
      </Box>
      <Box data-testid="serial-port-list" style={{ overflowY: 'auto', minHeight: 0 }} px="xs" pb="xs">
        {error ? (
          <Text size="xs" c="red" px={2} py={4} className="fd-wrap-anywhere">
            {error}
          </Text>
        ) : ports.length === 0 && extra.length === 0 ? (
          <Text size="xs" c="dimmed" px={2} py={4} data-testid="serial-none">
            {loaded
              ? 'No serial ports found. Plug a device in by USB: it shows up here within two seconds.'
              : 'Looking for serial ports…'}
          </Text>
        ) : null}
        {ports.map((p) => (
          <PortRow
            key={p.path}
            port={p}
            view={consoles[p.path]}
            selected={selectedKey === serialKey(p.path)}
          />
        ))}
        {extra.map((c) => (
          <UnstyledButton
            key={c.path}
            className="fd-nearby-row"
            style={{ display: 'block', width: '100%' }}
            onClick={() => showSerialConsole(c.path)}
            aria-current={selectedKey === serialKey(c.path) ? 'page' : undefined}
            data-testid="serial-opened-row"
            data-path={c.path}
          >
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="xs" className="fd-mono fd-wrap-anywhere">
                {c.path}
              </Text>
              <ConsoleBadge view={c} />
            </Group>
          </UnstyledButton>
        ))}
      </Box>
      <OpenByPathDialog opened={byPath} onClose={() => setByPath(false)} />
    </Box>
  )
}
