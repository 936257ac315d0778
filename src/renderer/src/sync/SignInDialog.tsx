import { Alert, Button, Group, Modal, PasswordInput, SegmentedControl, Stack, TextInput } from '@mantine/core'
import { useRef, useState, type FormEvent, type ReactElement } from 'react'
import { CoreError } from '../../../shared/errors/CoreError'
import { getCoreApi } from '../api/getCoreApi'
import { signInErrorSentence, type SignInMethod } from './signInErrorSentence'

interface Props {
  opened: boolean
  onClose: () => void
  /** The hub address to start from (the last one used), if any. */
  initialHubUrl?: string | null
}

/**
 * Signs in to a hub with an email and password or an API key. What was typed stays when signing in
 * fails, with the reason in the dialog. Closing while signing in cancels it: the core has no abort
 * for hubSignIn, so a sign-in that completes after the dialog closed is signed out again at once.
 */
export function SignInDialog({ opened, onClose, initialHubUrl }: Props): ReactElement {
  const [hubUrl, setHubUrl] = useState(initialHubUrl ?? '')
  const [method, setMethod] = useState<SignInMethod>('password')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [keyId, setKeyId] = useState('')
  const [secret, setSecret] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const attempt = useRef(0) // bumped on close: a sign-in from an older attempt is abandoned

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    const mine = ++attempt.current
    setBusy(true)
    setError(null)
    const auth =
      method === 'password'
        ? { kind: 'password' as const, email: email.trim(), password }
        : { kind: 'api-key' as const, keyId: keyId.trim(), secret }
    try {
      await getCoreApi().hubSignIn({ hubUrl: hubUrl.trim(), auth })
      if (mine !== attempt.current) {
        await getCoreApi().hubSignOut({}) // closed while signing in: undo it
        return
      }
      setPassword('')
      setSecret('')
      onClose()
    } catch (err) {
      if (mine !== attempt.current) return
      const info = err instanceof CoreError ? err : new CoreError('internal', String(err))
      setError(signInErrorSentence(info, method))
    } finally {
      if (mine === attempt.current) setBusy(false)
    }
  }

  const close = (): void => {
    attempt.current++
    setBusy(false)
    onClose()
  }

  return (
    <Modal opened={opened} onClose={close} title="Sign in to a hub" data-testid="sign-in-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <TextInput
            label="Hub address"
            placeholder="https://hub.example.com"
            value={hubUrl}
            onChange={(e) => setHubUrl(e.currentTarget.value)}
            required
            data-autofocus
          />
          <SegmentedControl
            value={method}
            onChange={(v) => setMethod(v as SignInMethod)}
            data={[
              { value: 'password', label: 'Email and password' },
              { value: 'api-key', label: 'API key' },
            ]}
          />
          {method === 'password' ? (
            <CredentialFields
              names={['Email', 'Password']}
              values={[email, password]}
              setters={[setEmail, setPassword]}
            />
          ) : (
            <CredentialFields
              names={['Key id', 'Secret']}
              values={[keyId, secret]}
              setters={[setKeyId, setSecret]}
            />
          )}
          {error ? (
            <Alert color="red" data-testid="sign-in-error">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** A name and its secret (email and password, or key id and secret): the secret is masked. */
function CredentialFields(props: {
  names: [string, string]
  values: [string, string]
  setters: [(v: string) => void, (v: string) => void]
}): ReactElement {
  const { names, values, setters } = props
  return (
    <>
      <TextInput
        label={names[0]}
        value={values[0]}
        onChange={(e) => setters[0](e.currentTarget.value)}
        required
      />
      <PasswordInput
        label={names[1]}
        value={values[1]}
        onChange={(e) => setters[1](e.currentTarget.value)}
        required
      />
    </>
  )
}
