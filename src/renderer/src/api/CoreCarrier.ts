import type { CoreEventName, CoreMethodName } from '../../../shared/api/contract'

/**
 * Whether the renderer can currently reach the core. Electron IPC is always `open`. `refused`: the
 * core is running but will not let this page in (its address has no token, or the token of another
 * launch); retrying cannot help, the user must open the address Fleetdesk printed.
 */
export type CarrierState = 'connecting' | 'open' | 'disconnected' | 'refused'

/**
 * One way of reaching the core: Electron IPC through the preload, or the browser-mode WebSocket.
 * Carriers move untyped values; the typed proxy in createCoreClient adds the contract's types.
 */
export interface CoreCarrier {
  /** Resolves to the method's value, or rejects with a CoreError. */
  invoke(method: CoreMethodName, params: unknown): Promise<unknown>
  on(event: CoreEventName, listener: (payload: unknown) => void): () => void
  state(): CarrierState
  onStateChange(listener: (state: CarrierState) => void): () => void
  /** In state `refused`: why, and what to do, in the user's words. Null in any other state. */
  refusal(): string | null
}
