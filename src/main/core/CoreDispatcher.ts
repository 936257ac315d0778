import type { Identity } from '../../shared/access/can'
import {
  coreMethods,
  isCoreMethod,
  type CoreMethodName,
  type CoreParsedParams,
  type CoreResults,
} from '../../shared/api/contract'
import { CoreError, toErrorInfo, type Reply } from '../../shared/errors/CoreError'
import { zodIssuesToFieldErrors } from '../../shared/config/zodIssuesToFieldErrors'
import { checkPermission } from './checkPermission'
import type { CheckedFor } from './corePermissions'
import type { FleetAccess } from './FleetAccess'

/** A contract method's implementation; `checked` is what the permission check looked up. */
export type CoreHandler<M extends CoreMethodName> = (
  params: CoreParsedParams<M>,
  checked: CheckedFor<M>,
) => Promise<CoreResults[M]>

/** One handler per method of `N`. */
export type HandlersFor<N extends CoreMethodName> = { [M in N]: CoreHandler<M> }

/** One handler per contract method: a method without one does not compile. */
export type CoreHandlers = HandlersFor<CoreMethodName>

export interface Caller {
  identity: Identity
  access: FleetAccess
}

/**
 * The single entry point for every carrier. Each call goes through the same three steps, in order,
 * before its handler runs: the method must exist, its parameters must parse with the method's
 * schema, and the caller must pass the method's check in CORE_PERMISSIONS. A handler therefore
 * cannot forget its check. Replies are values: this never throws.
 */
export class CoreDispatcher {
  constructor(
    private readonly handlers: CoreHandlers,
    /** The acting identity and the fleet it is checked against, as they are at the time of the call. */
    private readonly caller: () => Caller,
  ) {}

  async handle(method: string, rawParams: unknown): Promise<Reply<unknown>> {
    try {
      if (!isCoreMethod(method)) throw new CoreError('invalid-argument', `Unknown method ${method}`)
      return { ok: true, value: await this.run(method, rawParams) }
    } catch (err) {
      if (!(err instanceof CoreError)) console.error(`core ${method} failed:`, err)
      return { ok: false, error: toErrorInfo(err) }
    }
  }

  private async run<M extends CoreMethodName>(method: M, rawParams: unknown): Promise<CoreResults[M]> {
    const parsed = coreMethods[method].safeParse(rawParams ?? {}, { reportInput: true })
    if (!parsed.success) {
      const fieldErrors = zodIssuesToFieldErrors(parsed.error.issues)
      throw new CoreError('invalid-argument', `Invalid parameters for ${method}`, fieldErrors)
    }
    const params = parsed.data as CoreParsedParams<M>
    const { identity, access } = this.caller()
    const checked = checkPermission(method, params, identity, access)
    const handler = this.handlers[method] as CoreHandler<M>
    return handler(params, checked)
  }
}
