import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertCircle, IconPlugConnected } from '@tabler/icons-react'
import { useState, type FormEvent, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { openRobot } from '../robots/openRobot'
import { useRobotStore } from '../state/useRobotStore'
import { openConsole } from './openConsole'
import { serialErrorText } from './serialKey'
import { useSerialStore } from './useSerialStore'

interface Props {
  path: string
  baudRate: number
  opened: boolean
  onClose(): void
}

/**
 * Connects to the robot on a port: the console hands the port to the robot session and goes on
 * showing the text the device prints between frames. If the robot does not answer, the console
 * takes the port back.
 */
export function ConnectSerialRobotDialog({ path, baudRate, opened, onClose }: Props): ReactElement {
  const [partId, setPartId] = useState('')
  const [secret, setSecret] = useState('')
  const [remember, setRemember] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const api = getCoreApi()
    const hadConsole = useSerialStore.getState().consoles[path]?.state === 'open'
    try {
      if (hadConsole) {
        const v = await api.closeSerialConsole({ path, keepForSession: true })
        if (v) useSerialStore.getState().upsertConsole(v)
      }
      const view = await api.connectRobot({
        partId: partId.trim(),
        address: { path, baudRate },
        auth: { kind: 'secret', secret, remember },
      })
      useRobotStore.getState().upsertSession(view)
      onClose()
      openRobot({ partId: view.partId, machineId: view.machineId })
    } catch (err) {
      setError(serialErrorText(err))
      if (hadConsole) await openConsole(path, baudRate).catch(() => undefined)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={`Connect to the robot on ${path}`} size="md">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            At {baudRate.toLocaleString('en')} baud. The console keeps showing what the robot prints outside
            its frames.
          </Text>
          <TextInput
            label="Part id"
            value={partId}
            onChange={(e) => setPartId(e.currentTarget.value)}
            className="fd-mono"
            data-autofocus
            data-testid="serial-connect-part"
            spellCheck={false}
            autoComplete="off"
          />
          <PasswordInput
            label="Part secret"
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            data-testid="serial-connect-secret"
          />
          <Checkbox
            label="Remember the secret on this computer (sealed)"
            checked={remember}
            onChange={(e) => setRemember(e.currentTarget.checked)}
          />
          {error ? (
            <Alert color="red" icon={<IconAlertCircle size={16} />} data-testid="serial-connect-error">
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
              leftSection={<IconPlugConnected size={16} />}
              loading={busy}
              disabled={partId.trim() === '' || secret === ''}
              data-testid="serial-connect-submit"
            >
              Connect
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
