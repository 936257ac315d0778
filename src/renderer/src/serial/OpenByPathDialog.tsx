import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertCircle, IconTerminal2 } from '@tabler/icons-react'
import { useState, type FormEvent, type ReactElement } from 'react'
import { DEFAULT_BAUD_RATE } from '../../../shared/api/serialViews'
import { getCoreApi } from '../api/getCoreApi'
import { BaudPicker } from './BaudPicker'
import { openConsole } from './openConsole'
import { parseBaud } from './parseBaud'
import { serialErrorText } from './serialKey'
import { useSerialStore } from './useSerialStore'

/** Opens a console on any port by its path: pseudo-terminals and odd adapters are not listed. */
export function OpenByPathDialog({ opened, onClose }: { opened: boolean; onClose(): void }): ReactElement {
  const [path, setPath] = useState('')
  const [baud, setBaud] = useState(String(DEFAULT_BAUD_RATE))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const parsed = parseBaud(baud)

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!('baud' in parsed) || path.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      await openConsole(path.trim(), parsed.baud)
      onClose()
    } catch (err) {
      setError(serialErrorText(err))
      // Nothing opened: the core forgets the console, so the list does not keep a dead entry.
      void getCoreApi()
        .closeSerialConsole({ path: path.trim() })
        .then(() => useSerialStore.getState().dropConsole(path.trim()))
        .catch(() => undefined)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Open a serial port by its path" size="md">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            For a port the list does not show: a pseudo-terminal (<span className="fd-mono">/dev/pts/3</span>,
            a link made by socat), or an adapter the system does not describe.
          </Text>
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <TextInput
              label="Path"
              placeholder="/dev/ttyUSB0"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              className="fd-mono"
              style={{ flex: '1 1 auto' }}
              data-autofocus
              data-testid="serial-path-input"
              spellCheck={false}
              autoComplete="off"
            />
            <BaudPicker value={baud} onChange={setBaud} />
          </Group>
          {error ? (
            <Alert color="red" icon={<IconAlertCircle size={16} />} data-testid="serial-open-error">
              <Text size="sm" className="fd-wrap-anywhere">
                {error}
              </Text>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              leftSection={<IconTerminal2 size={16} />}
              loading={busy}
              disabled={path.trim() === '' || !('baud' in parsed)}
              data-testid="serial-path-open"
            >
              Open console
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
