import type { z } from 'zod'
import type { FieldError } from '../errors/CoreError'
import { formatJsonPath, type JsonPathSegment } from './formatJsonPath'

type Issue = z.core.$ZodIssue

/**
 * Turns zod issues into messages a technician can act on, each located by its JSON path. Zod's own
 * wording ("Invalid input: expected string, received undefined") is replaced: a missing key is
 * reported on the object that lacks it (`$.components[1]: missing "name"`), a wrong type says what
 * was found. Issues must come from a parse with `reportInput: true`, so that `input` is known.
 */
export function zodIssuesToFieldErrors(
  issues: readonly Issue[],
  prefix: readonly JsonPathSegment[] = [],
): FieldError[] {
  return issues.flatMap((issue) => issueToFieldErrors(issue, prefix))
}

function issueToFieldErrors(issue: Issue, prefix: readonly JsonPathSegment[]): FieldError[] {
  const path = [...prefix, ...issue.path.map(toSegment)]
  const at = (message: string): FieldError[] => [{ path: formatJsonPath(path), message }]
  switch (issue.code) {
    case 'invalid_type': {
      const last = path[path.length - 1]
      if (issue.input === undefined && typeof last === 'string') {
        return [{ path: formatJsonPath(path.slice(0, -1)), message: `missing "${last}"` }]
      }
      return at(`expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`)
    }
    case 'invalid_union': {
      // For an object or array, the branch that accepted its shape explains the problem best
      // (e.g. a bad "version" inside a fragment reference); otherwise the union's own message does.
      const structured = typeof issue.input === 'object' && issue.input !== null
      const branch = structured ? issue.errors.find((errors) => !isShapeMismatch(errors)) : undefined
      if (branch) return zodIssuesToFieldErrors(branch, path)
      return at(`${issue.message}, got ${describeValue(issue.input)}`)
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return at('must not be empty')
      if (issue.origin === 'array') return at(`must have at least ${String(issue.minimum)} item(s)`)
      return at(`must be at least ${String(issue.minimum)}, got ${describeValue(issue.input)}`)
    case 'too_big':
      return at(`must be at most ${String(issue.maximum)}, got ${describeValue(issue.input)}`)
    case 'invalid_value':
      return at(
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`,
      )
    case 'invalid_key':
    case 'invalid_element':
      return zodIssuesToFieldErrors(issue.issues, path)
    default:
      // Formats, refinements and custom checks carry messages written for people already.
      return at(issue.message)
  }
}

/** True when a union branch failed only because the value had the wrong type at its root. */
function isShapeMismatch(errors: readonly Issue[]): boolean {
  return errors.length === 1 && errors[0]?.code === 'invalid_type' && errors[0].path.length === 0
}

function toSegment(key: PropertyKey): JsonPathSegment {
  return typeof key === 'number' || typeof key === 'string' ? key : String(key)
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'an object'
    case 'array':
    case 'tuple':
      return 'an array'
    case 'int':
      return 'a whole number'
    case 'boolean':
      return 'true or false'
    default:
      return `a ${expected}`
  }
}

/** Names a JSON value briefly: `the number 3`, `an array`, `the string "abc"`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'object':
      return 'an object'
    case 'string':
      return value.length > 40
        ? `the string "${value.slice(0, 37)}..."`
        : `the string ${JSON.stringify(value)}`
    case 'number':
      return `the number ${String(value)}`
    case 'boolean':
      return String(value)
    default:
      return typeof value
  }
}
