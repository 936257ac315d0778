import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconAlertCircle, IconPlugConnected } from '@tabler/icons-react'
import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import { CoreError } from '../../../shared/errors/CoreError'
import type { RobotAuthInput } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { notifySuccess } from '../common/notifyFailure'
import { parseAddress } from './parseAddress'
import { useSessionDialogStore, type ConnectTarget } from './useSessionDialogStore'
import { useRobotStore } from '../state/useRobotStore'

type Phase = 'remembered' | 'form' | 'connecting'
type Method = 'secret' | 'token'

/** The core's own words: for a refused secret they are the robot's ("wrong secret"), not ours. */
function messageOf(err: unknown): string {
  if (err instanceof CoreError || err instanceof Error) return err.message
  return String(err)
}

/** A refusal (the robot or the core said no) reads differently from a robot that could not be reached. */
function isRefusal(err: unknown): boolean {
  return err instanceof CoreError && (err.code === 'unauthenticated' || err.code === 'permission-denied')
}

interface ConnectFailure {
  refused: boolean
  message: string
}

function ConnectForm({ target, onDone }: { target: ConnectTarget; onDone(): void }): ReactElement {
  const [phase, setPhase] = useState<Phase>('remembered')
  const [method, setMethod] = useState<Method>('secret')
  const [secret, setSecret] = useState('')
  const [remember, setRemember] = useState(true)
  const [token, setToken] = useState('')
  const [error, setError] = useState<ConnectFailure | null>(null)
  const [addressText, setAddressText] = useState('')
  const discovered = useRobotStore((s) => s.nearby.some((n) => n.partId === target.partId))

  const connect = async (auth: RobotAuthInput, address?: { host: string; port: number }): Promise<void> => {
    const view = await getCoreApi().connectRobot({
      partId: target.partId,
      auth,
      ...(address ? { address } : {}),
    })
    useRobotStore.getState().upsertSession(view)
    notifySuccess(
      `Connected to ${view.machineName}`,
      view.role ? `The robot granted this session the ${view.role} role.` : undefined,
    )
    onDone()
  }

  // A secret remembered on this computer (from an earlier connection, or the demo fleet) is tried
  // first, so reconnecting to a known robot is one click; without one the form shows at once.
  useEffect(() => {
    let live = true
    connect({ kind: 'remembered' }).catch((err: unknown) => {
      if (!live) return
      const message = messageOf(err)
      if (err instanceof CoreError && err.code === 'secret-not-remembered') setError(null)
      else if (isRefusal(err))
        setError({ refused: true, message: `The secret remembered on this computer was refused: ${message}` })
      else setError({ refused: false, message })
      setPhase('form')
    })
    return () => {
      live = false
    }
    // Once per opening: the dialog is keyed by the open nonce.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const auth: RobotAuthInput | null =
      method === 'secret'
        ? secret.trim()
          ? { kind: 'secret', secret: secret.trim(), remember }
          : null
        : token.trim()
          ? { kind: 'token', token: token.trim() }
          : null
    if (!auth) {
      setError({
        refused: false,
        message: method === 'secret' ? 'Enter the part secret.' : 'Paste an access token.',
      })
      return
    }
    const address = addressText.trim() ? parseAddress(addressText) : null
    if (addressText.trim() && !address) {
      setError({
        refused: false,
        message: 'The address must look like 192.168.1.20:8787 (host, a colon, the port).',
      })
      return
    }
    setPhase('connecting')
    setError(null)
    try {
      await connect(auth, address ?? undefined)
    } catch (err) {
      setError({ refused: isRefusal(err), message: messageOf(err) })
      setPhase('form')
    }
  }

  if (phase === 'remembered') {
    return (
      <Group gap="sm" py="md" data-testid="connect-remembered">
        <Loader size="sm" />
        <Text size="sm">Connecting with the secret remembered on this computer…</Text>
      </Group>
    )
  }
  const busy = phase === 'connecting'
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Part <span className="fd-mono">{target.partId}</span>
        </Text>
        <SegmentedControl
          value={method}
          onChange={(v) => {
            setMethod(v as Method)
            setError(null)
          }}
          data={[
            { value: 'secret', label: 'Part secret (owner)' },
            { value: 'token', label: 'Access token' },
          ]}
          aria-label="How to sign in to the robot"
        />
        {method === 'secret' ? (
          <>
            <PasswordInput
              label="Part secret"
              description="The secret field of the robot's agent config (the simulator prints it at start). Fleetdesk does not show part secrets."
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              autoFocus
              size="md"
              data-testid="connect-secret"
              disabled={busy}
            />
            <Checkbox
              label="Remember on this computer (stored encrypted)"
              checked={remember}
              onChange={(e) => setRemember(e.currentTarget.checked)}
              disabled={busy}
              data-testid="connect-remember"
            />
          </>
        ) : (
          <Textarea
            label="Access token"
            description="A token the hub issued for this part; it carries your role (owner or operator)."
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={6}
            autoFocus
            classNames={{ input: 'fd-mono' }}
            data-testid="connect-token"
            disabled={busy}
          />
        )}
        {discovered ? null : (
          <TextInput
            label="Address"
            description="Not discovered on this network: give the robot's address and port."
            placeholder="192.168.1.20:8787"
            value={addressText}
            onChange={(e) => setAddressText(e.currentTarget.value)}
            classNames={{ input: 'fd-mono' }}
            disabled={busy}
            data-testid="connect-address"
          />
        )}
        {error ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={18} />}
            title={
              error.refused
                ? `${target.machineName} refused the connection`
                : `Could not connect to ${target.machineName}`
            }
            data-testid="connect-error"
            data-refused={error.refused}
            p="xs"
          >
            <Text size="sm">{error.message}</Text>
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={busy}
            leftSection={<IconPlugConnected size={16} />}
            data-testid="connect-submit"
          >
            Connect
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Asks how to sign in to a robot (part secret or token) and opens the session. */
export function RobotSessionDialog(): ReactElement {
  const target = useSessionDialogStore((s) => s.target)
  const nonce = useSessionDialogStore((s) => s.nonce)
  const close = useSessionDialogStore((s) => s.close)
  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={target ? `Connect to ${target.machineName}` : 'Connect'}
      size="md"
    >
      <div data-testid="connect-dialog">
        {target ? <ConnectForm key={nonce} target={target} onDone={close} /> : null}
      </div>
    </Modal>
  )
}
