import { assertNever, CoreError, type ErrorCode } from '../../../shared/errors/CoreError'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** What a technician can do about each kind of failure, in their words rather than the code's. */
export function nextStepFor(code: ErrorCode): string {
  switch (code) {
    case 'unavailable':
      return 'Check that Fleetdesk is still running; it reconnects by itself. Then try again.'
    case 'permission-denied':
      return 'Your role does not allow this. Ask an owner of the organization.'
    case 'not-found':
      return 'It may have been removed or moved by a sync. Pick it again from the fleet tree.'
    case 'conflict':
      return 'Someone changed it in the meantime. Reload it and apply your change again.'
    case 'invalid-argument':
      return 'Fix the problems listed and try again.'
    case 'unauthenticated':
      // There is no sign-in yet: the message says which token or secret was refused and what to open.
      return 'Nothing was changed.'
    case 'secret-not-remembered':
      return "Enter the robot's part secret, or paste an access token."
    case 'failed-precondition':
      return 'Fleetdesk is not in a state that allows this yet. Wait a moment and try again.'
    case 'internal':
      return 'Try again. If it keeps failing, restart Fleetdesk and report what you did.'
    default:
      return assertNever(code, 'error code')
  }
}

export interface FailureText {
  title: string
  message: string
}

/** Title says what failed ("Could not save the config"), message says why and what to do next. */
export function describeFailure(what: string, err: unknown): FailureText {
  const title = `Could not ${what}`
  if (err instanceof CoreError) return { title, message: `${err.message} ${nextStepFor(err.code)}` }
  const reason = errorMessage(err)
  return { title, message: `${reason} ${nextStepFor('internal')}` }
}
