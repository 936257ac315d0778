import { errorMessage } from './errorMessage'
/** Stable error codes that cross every boundary (IPC, WebSocket bridge, later the robot protocol). */
export type ErrorCode =
  | 'invalid-argument'
  | 'permission-denied'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'unauthenticated'
  | 'failed-precondition'
  /** Connecting with the remembered part secret of a robot, when none is remembered on this computer. */
  | 'secret-not-remembered'
  | 'internal'

/** One problem in a submitted document, located by its JSON path (e.g. `$.components[2].name`). */
export interface FieldError {
  path: string
  message: string
}

export interface ErrorInfo {
  code: ErrorCode
  message: string
  /** Present for invalid-argument errors about a document: every problem, each with its path. */
  fieldErrors?: FieldError[]
}

/** Replies cross IPC and the bridge as values, never as thrown exceptions. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** A typed error: thrown deep in the core, turned into a Reply at the boundary, rebuilt on the far side. */
export class CoreError extends Error {
  readonly code: ErrorCode
  readonly fieldErrors: FieldError[] | undefined

  constructor(code: ErrorCode, message: string, fieldErrors?: FieldError[]) {
    super(message)
    this.name = 'CoreError'
    this.code = code
    this.fieldErrors = fieldErrors
  }

  toInfo(): ErrorInfo {
    return this.fieldErrors
      ? { code: this.code, message: this.message, fieldErrors: this.fieldErrors }
      : { code: this.code, message: this.message }
  }

  static from(info: ErrorInfo): CoreError {
    return new CoreError(info.code, info.message, info.fieldErrors)
  }
}

/** Turns anything thrown into an ErrorInfo; unknown failures become `internal` without leaking stacks. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CoreError) return err.toInfo()
  const message = errorMessage(err)
  return { code: 'internal', message }
}

/** For exhaustive switches: fails to compile when a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
