import { CoreError, type ErrorCode, type FieldError } from '../../shared/errors/CoreError'
import { HubErrorBodySchema } from '../../shared/sync/hubWire'

/**
 * Why a hub request failed, as the sync engine acts on it:
 * - `unreachable`: no answer at all (no route, refused, timed out): offline, retry with backoff;
 * - `signed-out`: 401, the session or key is no longer valid: stop and ask to sign in again;
 * - `forbidden`: 403; `not-found`: 404; `refused`: any other 4xx (bad input, conflict): not retried;
 * - `retry-later`: 429 or 5xx: the hub is there but busy or failing: retry with backoff;
 * - `bad-reply`: an answer that is not what the hub sends (a proxy's page, another program).
 */
export type HubFailure =
  'unreachable' | 'signed-out' | 'forbidden' | 'not-found' | 'refused' | 'retry-later' | 'bad-reply'

const CODE_OF: Record<HubFailure, ErrorCode> = {
  unreachable: 'unavailable',
  'signed-out': 'unauthenticated',
  forbidden: 'permission-denied',
  'not-found': 'not-found',
  refused: 'failed-precondition',
  'retry-later': 'unavailable',
  'bad-reply': 'unavailable',
}

/** A failed hub request: a CoreError (so it crosses the contract as one) that says what to do next. */
export class HubRequestError extends CoreError {
  constructor(
    readonly failure: HubFailure,
    message: string,
    readonly status: number | null = null,
    /** From `Retry-After`, when the hub sent one. */
    readonly retryAfterMs: number | null = null,
    fieldErrors?: FieldError[],
    code: ErrorCode = CODE_OF[failure],
  ) {
    super(code, message, fieldErrors)
    this.name = 'HubRequestError'
  }

  /** Worth trying again later without anyone acting. */
  get transient(): boolean {
    return this.failure === 'unreachable' || this.failure === 'retry-later' || this.failure === 'bad-reply'
  }
}

/** The error for an HTTP answer that is not a success. Pure. */
export function hubErrorFor(
  status: number,
  body: unknown,
  retryAfter: string | null,
  what: string,
): HubRequestError {
  const parsed = HubErrorBodySchema.safeParse(body)
  const said = parsed.success ? parsed.data.message : null
  const fields = parsed.success ? parsed.data.errors : undefined
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : null
  if (status === 401)
    return new HubRequestError(
      'signed-out',
      `The hub no longer accepts this sign-in (${said ?? 'unauthenticated'}); sign in again.`,
      status,
    )
  if (status === 403)
    return new HubRequestError('forbidden', said ?? `The hub does not allow you to ${what}.`, status)
  if (status === 404)
    return new HubRequestError('not-found', said ?? `The hub does not know what ${what} asked for.`, status)
  if (status === 429)
    return new HubRequestError(
      'retry-later',
      said ?? 'The hub asks to slow down; trying again shortly.',
      status,
      seconds,
    )
  if (status >= 500)
    return new HubRequestError(
      'retry-later',
      `The hub failed to ${what} (HTTP ${status}${said ? `: ${said}` : ''}); trying again later.`,
      status,
      seconds,
    )
  if (status === 400)
    return new HubRequestError(
      'refused',
      said ?? `The hub refused to ${what} (bad request).`,
      status,
      null,
      fields,
      'invalid-argument',
    )
  if (status === 409)
    return new HubRequestError(
      'refused',
      said ?? `The hub refused to ${what} (conflict).`,
      status,
      null,
      fields,
      'conflict',
    )
  if (status >= 400)
    return new HubRequestError(
      'refused',
      said ?? `The hub refused to ${what} (HTTP ${status}).`,
      status,
      null,
      fields,
    )
  return new HubRequestError(
    'bad-reply',
    `The hub answered ${what} with HTTP ${status}, which this app does not expect.`,
    status,
  )
}
