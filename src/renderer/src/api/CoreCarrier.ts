import type { CoreEventName, CoreMethodName } from '../../../shared/api/contract'

/** Whether the renderer can currently reach the core. Electron IPC is always `open`. */
export type CarrierState = 'connecting' | 'open' | 'disconnected'

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
}
