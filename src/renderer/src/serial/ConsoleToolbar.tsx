import { Button, Group, SegmentedControl, Text, Tooltip } from '@mantine/core'
import {
  IconFileText,
  IconPlayerStop,
  IconPlugConnected,
  IconPlugConnectedX,
  IconRobot,
  IconTrash,
} from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { DEFAULT_BAUD_RATE, type SerialConsoleView } from '../../../shared/api/serialViews'
import { getCoreApi } from '../api/getCoreApi'
import { notifyFailure, notifySuccess } from '../common/notifyFailure'
import { BaudPicker } from './BaudPicker'
import { ConnectSerialRobotDialog } from './ConnectSerialRobotDialog'
import { openConsole } from './openConsole'
import { parseBaud } from './parseBaud'
import { useSerialStore } from './useSerialStore'
import { useRobotStore } from '../state/useRobotStore'

interface Props {
  path: string
  view: SerialConsoleView | undefined
  hex: boolean
  onHexChange(hex: boolean): void
  /** Shown when the console is a session's tab: the session owns the port, not the console. */
  sessionOwned?: boolean
}

/** Port, baud and what to do with the console: open or close, text or hex, clear, log to a file. */
export function ConsoleToolbar({ path, view, hex, onHexChange, sessionOwned = false }: Props): ReactElement {
  const open = view?.state === 'open'
  const [baud, setBaud] = useState(String(view?.baudRate || DEFAULT_BAUD_RATE))
  const [busy, setBusy] = useState(false)
  const shownBaud = open ? String(view.baudRate) : baud
  const parsed = parseBaud(baud)
  const upsert = useSerialStore((s) => s.upsertConsole)
  const [connecting, setConnecting] = useState(false)
  // A robot session on this port (over serial) means the console only listens.
  const session = useRobotStore((s) =>
    Object.values(s.sessions).find(
      (v) => v.via === 'serial' && v.state !== 'closed' && v.address.startsWith(`${path} @`),
    ),
  )

  const act = async (what: string, action: () => Promise<void>): Promise<void> => {
    setBusy(true)
    try {
      await action()
    } catch (err) {
      // An open that failed shows its reason in the console itself (unclipped), not only in a toast.
      if (what !== 'open the port') notifyFailure(what, err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Group gap="sm" wrap="wrap" align="flex-end" data-testid="console-toolbar">
      <BaudPicker
        value={shownBaud}
        onChange={setBaud}
        disabled={open || busy}
        lockedReason="The baud rate is locked while the port is open: close it to change the rate."
      />
      {!sessionOwned && !session ? (
        <Button
          variant="light"
          leftSection={<IconRobot size={16} />}
          disabled={busy || !('baud' in parsed || open)}
          onClick={() => setConnecting(true)}
          data-testid="console-connect-robot"
        >
          Connect as robot
        </Button>
      ) : null}
      {session ? (
        <Text size="xs" c="teal" data-testid="console-session">
          robot session {session.machineName}: {session.state}
        </Text>
      ) : null}
      {sessionOwned || session ? null : open ? (
        <Button
          variant="default"
          leftSection={<IconPlugConnectedX size={16} />}
          onClick={() =>
            void act('close the port', async () => {
              const v = await getCoreApi().closeSerialConsole({ path, keepForSession: false })
              if (v) upsert(v)
            })
          }
          loading={busy}
          data-testid="console-close"
        >
          Close port
        </Button>
      ) : (
        <Button
          leftSection={<IconPlugConnected size={16} />}
          disabled={!('baud' in parsed)}
          onClick={() =>
            void act('open the port', () =>
              openConsole(path, 'baud' in parsed ? parsed.baud : DEFAULT_BAUD_RATE),
            )
          }
          loading={busy}
          data-testid="console-open"
        >
          {view?.error ? 'Try again' : 'Open port'}
        </Button>
      )}
      <SegmentedControl
        value={hex ? 'hex' : 'text'}
        onChange={(v) => onHexChange(v === 'hex')}
        data={[
          { value: 'text', label: 'Text' },
          { value: 'hex', label: 'Hex' },
        ]}
        aria-label="Show as text or as hex bytes"
        data-testid="console-view-mode"
      />
      <Tooltip label="Empties this console in every window (a running log file keeps what it has)">
        <Button
          variant="default"
          leftSection={<IconTrash size={16} />}
          disabled={!view}
          onClick={() =>
            void act('clear the console', async () => {
              upsert(await getCoreApi().clearSerialConsole({ path }))
            })
          }
          data-testid="console-clear"
        >
          Clear
        </Button>
      </Tooltip>
      {view?.logFile ? (
        <Button
          variant="light"
          color="orange"
          leftSection={<IconPlayerStop size={16} />}
          onClick={() =>
            void act('stop the log', async () => {
              const v = await getCoreApi().stopSerialLog({ path })
              upsert(v)
              notifySuccess(
                'Log saved',
                `${v.logBytes.toLocaleString()} bytes in ${v.loggedTo ?? 'the log file'}`,
              )
            })
          }
          data-testid="console-log-stop"
        >
          Stop log
        </Button>
      ) : (
        <Tooltip label="Writes every line, with its time, to a file in Fleetdesk's data folder">
          <Button
            variant="default"
            leftSection={<IconFileText size={16} />}
            disabled={!view}
            onClick={() =>
              void act('start a log', async () => {
                upsert(await getCoreApi().startSerialLog({ path }))
              })
            }
            data-testid="console-log-start"
          >
            Log to file
          </Button>
        </Tooltip>
      )}
      {view?.logFile ? (
        <Text size="xs" c="dimmed" className="fd-mono fd-wrap-anywhere" data-testid="console-log-file">
          logging to {view.logFile}
        </Text>
      ) : null}
      <ConnectSerialRobotDialog
        path={path}
        baudRate={open ? view.baudRate : 'baud' in parsed ? parsed.baud : DEFAULT_BAUD_RATE}
        opened={connecting}
        onClose={() => setConnecting(false)}
      />
    </Group>
  )
}
