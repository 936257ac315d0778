import type { z } from 'zod'
import { CoreError, type FieldError } from '../../shared/errors/CoreError'
import { zodIssuesToFieldErrors } from '../../shared/config/zodIssuesToFieldErrors'
import {
  componentMethodSpec,
  type ComponentArgs,
  type ComponentMethod,
  type ComponentType,
} from '../../shared/robot/componentMethods'
import type { ComponentResult } from '../../shared/robot/componentResults'
import type { Logger } from '../runtime/Logger'
import type { Clock } from '../runtime/Clock'

/** A built component, as the graph, sessions and watchdog see it. */
export interface Resource {
  readonly type: ComponentType
  /** Motors, servos and bases: what the watchdog and `machine.stopAll` stop. */
  readonly isActuator: boolean
  /** Runs an allow-listed method; arguments are validated here against the protocol's schema. */
  call(method: string, args: unknown): unknown
  /** Stops motion at once (a no-op for non-actuators). */
  stop(): void
  /** A snapshot for the `readings` subscription. */
  readings(): Record<string, unknown>
  /** Releases the resource before it is rebuilt or removed; actuators stop here. */
  close(): void | Promise<void>
}

export interface BuildContext {
  name: string
  clock: Clock
  log: Logger
  /** A resource this one depends on (declared in depends_on or implied by its attributes). */
  dependency(name: string): Resource | undefined
}

/** A model as the registry stores it: attributes are checked by validate() before build(). */
export interface ModelFactory {
  /** Normalized API, e.g. `rdk:component:motor`. */
  readonly api: string
  readonly model: string
  validate(attributes: unknown): { ok: true } | { ok: false; errors: FieldError[] }
  /** Names this resource needs built first, from its attributes (e.g. an encoder's motor). */
  dependencies(attributes: unknown): string[]
  build(context: BuildContext, attributes: unknown): Resource | Promise<Resource>
}

/** Defines a model with typed attributes; the registry sees it through the erased ModelFactory. */
export function defineModel<S extends z.ZodType>(definition: {
  api: string
  model: string
  attributes: S
  dependencies?: (attributes: z.output<S>) => string[]
  build: (context: BuildContext, attributes: z.output<S>) => Resource | Promise<Resource>
}): ModelFactory {
  const parse = (attributes: unknown): z.output<S> => {
    const result = definition.attributes.safeParse(attributes ?? {}, { reportInput: true })
    if (result.success) return result.data
    throw new CoreError('invalid-argument', 'invalid attributes', zodIssuesToFieldErrors(result.error.issues))
  }
  return {
    api: definition.api,
    model: definition.model,
    validate(attributes) {
      const result = definition.attributes.safeParse(attributes ?? {}, { reportInput: true })
      return result.success
        ? { ok: true }
        : { ok: false, errors: zodIssuesToFieldErrors(result.error.issues) }
    },
    dependencies: (attributes) => definition.dependencies?.(parse(attributes)) ?? [],
    build: (context, attributes) => definition.build(context, parse(attributes)),
  }
}

export type Handlers<T extends ComponentType> = {
  [M in ComponentMethod<T>]: (
    args: ComponentArgs<T, M>,
  ) => ComponentResult<T, M> | Promise<ComponentResult<T, M>>
}

/**
 * A `call` for a component type: looks the method up in the protocol's allow-list, validates the
 * arguments with its schema (every problem reported with its path under `$.args`), and runs the
 * typed handler. Models never see unvalidated input.
 */
export function dispatcher<T extends ComponentType>(
  type: T,
  handlers: Handlers<T>,
): (method: string, args: unknown) => unknown {
  // Erased once here: the spec lookup below guarantees `method` is one of the handlers' keys and
  // the schema guarantees the argument's shape.
  const table = handlers as unknown as Record<string, (args: unknown) => unknown>
  return (method, args) => {
    const spec = componentMethodSpec(type, method)
    const handler = spec ? table[method] : undefined
    if (!spec || !handler) throw new CoreError('not-found', `a ${type} has no method "${method}"`)
    const parsed = spec.args.safeParse(args ?? {}, { reportInput: true })
    if (!parsed.success) {
      const fieldErrors = zodIssuesToFieldErrors(parsed.error.issues, ['args'])
      const summary = fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')
      throw new CoreError(
        'invalid-argument',
        `invalid arguments for ${type}.${method}: ${summary}`,
        fieldErrors,
      )
    }
    return handler(parsed.data)
  }
}

export const EMPTY: Record<string, never> = {}

/** Lazily integrated state: time since the last update, in seconds, and the update stamped. */
export class Stopwatch {
  private last: number

  constructor(private readonly clock: Clock) {
    this.last = clock.now()
  }

  /** Seconds elapsed since the previous lap (never negative). */
  lap(): number {
    const now = this.clock.now()
    const dt = Math.max(0, now - this.last) / 1000
    this.last = now
    return dt
  }
}

/** Rounds for readings, so that JSON stays short and tests compare exactly. */
export function round(value: number, digits = 6): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
