import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertCircle, IconMapPinPlus, IconPlugConnected } from '@tabler/icons-react'
import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import type { RobotAuthInput, RobotSessionView } from '../../../shared/api/robotViews'
import type { SerialProbeResult } from '../../../shared/api/serialViews'
import { CoreError } from '../../../shared/errors/CoreError'
import { getCoreApi } from '../api/getCoreApi'
import { AddRobotDialog, type AddableRobot } from '../nearby/AddRobotDialog'
import { openRobot } from '../robots/openRobot'
import { nodeKey, pathNames } from '../state/buildFleetIndex'
import { useAppStore } from '../state/useAppStore'
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
 * Connects to the robot on a port: asks the device who it is first (its part id, and the cached
 * machine with it), tries a secret remembered for that part, and asks for one only when there is
 * none. The console hands the port to the robot session and goes on showing the text the device
 * prints between frames; if the robot does not answer, the console takes the port back. A robot the
 * fleet does not know can be added to a location once connected, as on the LAN.
 */
export function ConnectSerialRobotDialog({ path, baudRate, opened, onClose }: Props): ReactElement {
  const [adding, setAdding] = useState<AddableRobot | null>(null)
  return (
    <>
      <Modal opened={opened} onClose={onClose} title={`Connect to the robot on ${path}`} size="md">
        {/* Mounted afresh at each opening, so each one asks the device again. */}
        {opened ? (
          <ConnectForm
            path={path}
            baudRate={baudRate}
            onClose={onClose}
            onAdd={(robot) => {
              onClose()
              setAdding(robot)
            }}
          />
        ) : null}
      </Modal>
      <AddRobotDialog robot={adding} onClose={() => setAdding(null)} />
    </>
  )
}

type Phase = 'probing' | 'connecting' | 'form' | 'connected-unknown'

interface FormProps {
  path: string
  baudRate: number
  onClose(): void
  onAdd(robot: AddableRobot): void
}

function ConnectForm({ path, baudRate, onClose, onAdd }: FormProps): ReactElement {
  const [phase, setPhase] = useState<Phase>('probing')
  const [probe, setProbe] = useState<SerialProbeResult | null>(null)
  const [partId, setPartId] = useState('')
  const [secret, setSecret] = useState('')
  const [remember, setRemember] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [connected, setConnected] = useState<RobotSessionView | null>(null)
  const [busy, setBusy] = useState(false)

  const finish = (view: RobotSessionView): void => {
    useRobotStore.getState().upsertSession(view)
    if (view.machineId === null) {
      // Not a machine of the fleet yet: offer to add it before leaving the dialog.
      setConnected(view)
      setPhase('connected-unknown')
      return
    }
    onClose()
    openRobot({ partId: view.partId, machineId: view.machineId })
  }

  /** Hands the console's port to the session; takes it back if the connect fails. */
  const connect = async (part: string, auth: RobotAuthInput): Promise<RobotSessionView> => {
    const api = getCoreApi()
    const hadConsole = useSerialStore.getState().consoles[path]?.state === 'open'
    try {
      if (hadConsole) {
        const v = await api.closeSerialConsole({ path, keepForSession: true })
        if (v) useSerialStore.getState().upsertConsole(v)
      }
      return await api.connectRobot({ partId: part, address: { path, baudRate }, auth })
    } catch (err) {
      if (hadConsole) await openConsole(path, baudRate).catch(() => undefined)
      throw err
    }
  }

  // Once per opening (the form is mounted afresh each time): who is there, then a remembered secret if any.
  useEffect(() => {
    let live = true
    const run = async (): Promise<void> => {
      let result: SerialProbeResult
      try {
        result = await getCoreApi().probeSerialPort({ path, baudRate })
      } catch (err) {
        result = { kind: 'plain', message: serialErrorText(err) }
      }
      if (!live) return
      setProbe(result)
      if (result.kind !== 'robot') {
        setPhase('form')
        return
      }
      setPartId(result.partId)
      // Without a remembered secret the console keeps the port until the form is sent.
      if (!result.secretRemembered) {
        setPhase('form')
        return
      }
      setPhase('connecting')
      try {
        const view = await connect(result.partId, { kind: 'remembered' })
        if (live) finish(view)
      } catch (err) {
        if (!live) return
        if (!(err instanceof CoreError && err.code === 'secret-not-remembered')) {
          setError(`The secret remembered on this computer did not connect: ${serialErrorText(err)}`)
        }
        setPhase('form')
      }
    }
    void run()
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      finish(await connect(partId.trim(), { kind: 'secret', secret, remember }))
    } catch (err) {
      setError(serialErrorText(err))
    } finally {
      setBusy(false)
    }
  }

  if (phase === 'probing' || phase === 'connecting') {
    return (
      <Group gap="sm" data-testid="serial-connect-probing">
        <Loader size="sm" />
        <Text size="sm">
          {phase === 'probing'
            ? `Asking the device on ${path} who it is…`
            : `Connecting to ${probe?.kind === 'robot' ? probe.partId : 'the robot'} with the secret remembered on this computer…`}
        </Text>
      </Group>
    )
  }
  if (phase === 'connected-unknown' && connected) {
    const robot: AddableRobot = {
      partId: connected.partId,
      machineName: connected.machineName,
      path,
      baudRate,
    }
    return (
      <Stack gap="sm" data-testid="serial-connect-unknown">
        <Text size="sm">
          Connected to part <span className="fd-mono">{connected.partId}</span>: a robot this fleet does not
          know. Add it to a location to make it a machine of the fleet.
        </Text>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              onClose()
              openRobot({ partId: connected.partId, machineId: null })
            }}
            data-testid="serial-connect-not-now"
          >
            Not now
          </Button>
          <Button
            leftSection={<IconMapPinPlus size={16} />}
            onClick={() => onAdd(robot)}
            data-testid="serial-connect-add"
          >
            Add to a location
          </Button>
        </Group>
      </Stack>
    )
  }

  const known = probe?.kind === 'robot'
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          At {baudRate.toLocaleString('en')} baud. The console keeps showing what the robot prints outside its
          frames.
        </Text>
        {probe ? <ProbeSummary probe={probe} /> : null}
        <TextInput
          label="Part id"
          value={partId}
          onChange={(e) => setPartId(e.currentTarget.value)}
          readOnly={known}
          description={known ? 'As the device said it' : 'The device did not say: type it'}
          className="fd-mono"
          data-autofocus={known ? undefined : true}
          data-testid="serial-connect-part"
          spellCheck={false}
          autoComplete="off"
        />
        <PasswordInput
          label="Part secret"
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          data-autofocus={known ? true : undefined}
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
  )
}

/** What the device said it is: the cached machine with its place, a stranger, or no robot at all. */
function ProbeSummary({ probe }: { probe: SerialProbeResult }): ReactElement {
  const index = useAppStore((s) => s.index)
  if (probe.kind === 'plain') {
    return (
      <Alert color="yellow" icon={<IconAlertCircle size={16} />} data-testid="serial-connect-plain">
        <Text size="sm" className="fd-wrap-anywhere">
          {probe.message}
        </Text>
      </Alert>
    )
  }
  const place =
    probe.machine && index ? pathNames(index, nodeKey('machine', probe.machine.id)).join(' / ') : ''
  return (
    <Text size="sm" data-testid="serial-connect-machine">
      {probe.machine
        ? `${probe.machine.name}${place ? `, in ${place}` : ''}`
        : 'A robot this fleet does not know'}
    </Text>
  )
}
