/**
 * The message of anything thrown: an Error's own message, anything else as a string (a rejected
 * promise may carry any value). The one spelling of `err instanceof Error ? err.message : String(err)`.
 */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Anything thrown as an Error, for listeners and promises that take one (a string becomes its message). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
