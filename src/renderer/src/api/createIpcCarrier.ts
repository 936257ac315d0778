import type { CoreEventName, CoreMethodName } from '../../../shared/api/contract'
import type { CarrierState, CoreCarrier } from './CoreCarrier'
import type { FleetdeskPreloadApi } from './fleetdeskGlobal'
import { unwrapReply } from './unwrapReply'

/** Electron: the preload's bridge is always there while the window lives, so the state never changes. */
export function createIpcCarrier(bridge: FleetdeskPreloadApi): CoreCarrier {
  return {
    async invoke(method: CoreMethodName, params: unknown): Promise<unknown> {
      return unwrapReply(await bridge.invoke(method, params))
    },
    on(event: CoreEventName, listener: (payload: unknown) => void): () => void {
      return bridge.on(event, listener)
    },
    state: (): CarrierState => 'open',
    onStateChange: () => () => undefined,
    refusal: () => null,
  }
}
