import type { ErrorInfo } from '../../../shared/errors/CoreError'

/** How the user signed in, so the sentence names what they typed (password or API key). */
export type SignInMethod = 'password' | 'api-key'

/**
 * The sentence the sign-in dialog shows for a failed hubSignIn, chosen by error code (never by
 * matching the core's English text, which may change). Field errors, when present, are the most
 * precise thing we have and are listed after the sentence.
 */
export function signInErrorSentence(error: ErrorInfo, method: SignInMethod): string {
  const sentence = SENTENCE_OF[error.code]?.(method) ?? 'Signing in failed. Try again in a moment.'
  const fields = (error.fieldErrors ?? []).map((f) => f.message).filter((m) => m.length > 0)
  return fields.length > 0 ? `${sentence} ${fields.join(' ')}` : sentence
}

const SENTENCE_OF: Partial<Record<ErrorInfo['code'], (method: SignInMethod) => string>> = {
  unauthenticated: (method) =>
    method === 'password'
      ? 'The hub did not accept this email and password. Check both and try again.'
      : 'The hub did not accept this API key. Check the key id and secret, or ask an owner for a new key.',
  'permission-denied': () =>
    'The hub accepted who you are but does not let this account sign in from a desktop. Ask an owner of your organization.',
  unavailable: () =>
    'The hub at this address cannot be reached. Check the address and your network, then try again.',
  'not-found': () => 'There is no Fleetdesk hub at this address. Check the address.',
  'invalid-argument': () => 'Some of what you typed is not valid.',
  'failed-precondition': () =>
    'The hub refused to sign you in. Try again, or ask an owner of your organization.',
  internal: () => 'Something went wrong in Fleetdesk while signing in. Try again.',
}
