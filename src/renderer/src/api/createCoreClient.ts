import type {
  CoreApi,
  CoreEventName,
  CoreEventSource,
  CoreEvents,
  CoreMethodName,
} from '../../../shared/api/contract'
// The same list contract.ts exports as `coreMethodNames`, taken from its dependency-free source so the
// first bundle the window loads does not carry the contract's zod schemas (launch-to-paint matters).
import { CORE_METHOD_NAMES as coreMethodNames } from '../../../shared/api/channels'
import type { CarrierState, CoreCarrier } from './CoreCarrier'

export interface CoreConnection {
  carrierState(): CarrierState
  onCarrierState(listener: (state: CarrierState) => void): () => void
  /** When the carrier is `refused`: why, and what the user must do. */
  carrierRefusal(): string | null
}

export type CoreClient = CoreApi & CoreEventSource & CoreConnection

type UntypedMethods = Record<CoreMethodName, (params: unknown) => Promise<unknown>>

/**
 * The typed proxy: one function per name in `coreMethodNames`, so a method added to the contract is
 * callable here without any hand-written channel. The carrier moves untyped values; the contract's
 * types are applied once, here, where the method name and its result type meet.
 */
export function createCoreClient(carrier: CoreCarrier): CoreClient {
  const methods = {} as UntypedMethods
  for (const name of coreMethodNames) {
    methods[name] = (params: unknown) => carrier.invoke(name, params ?? {})
  }
  const events: CoreEventSource = {
    on<E extends CoreEventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void {
      // The core is the only sender on this channel and emits CoreEvents[E] for event E.
      return carrier.on(event, (payload) => listener(payload as CoreEvents[E]))
    },
  }
  // Safe because `methods` holds exactly the contract's names and the core replies with their results.
  const api = methods as unknown as CoreApi
  return {
    ...api,
    ...events,
    carrierState: () => carrier.state(),
    onCarrierState: (listener) => carrier.onStateChange(listener),
    carrierRefusal: () => carrier.refusal(),
  }
}
