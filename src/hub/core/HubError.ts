import type { FieldError } from '../../shared/errors/CoreError'

/** The error codes of the hub's JSON error bodies, each with its HTTP status. */
export const HUB_ERROR_STATUS = {
  'invalid-argument': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  conflict: 409,
  'failed-precondition': 409,
  'payload-too-large': 413,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
} as const

export type HubErrorCode = keyof typeof HUB_ERROR_STATUS

/** Every error reply: `{code, message}`, plus `errors` (each with its path) for bad input. */
export interface HubErrorBody {
  code: HubErrorCode
  message: string
  errors?: FieldError[]
}

/** Thrown by routes and helpers; the error handler turns it into its status and body. */
export class HubError extends Error {
  readonly code: HubErrorCode
  readonly errors: FieldError[] | undefined
  /** Seconds, for 429. */
  readonly retryAfter: number | undefined

  constructor(
    code: HubErrorCode,
    message: string,
    options: { errors?: FieldError[]; retryAfter?: number } = {},
  ) {
    super(message)
    this.name = 'HubError'
    this.code = code
    this.errors = options.errors
    this.retryAfter = options.retryAfter
  }

  get status(): number {
    return HUB_ERROR_STATUS[this.code]
  }

  body(): HubErrorBody {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message }
  }
}

export const notFound = (what: string): HubError =>
  new HubError('not-found', `${what} does not exist or is not visible to you.`)
