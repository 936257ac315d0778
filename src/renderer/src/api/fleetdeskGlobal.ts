import type { Reply } from '../../../shared/errors/CoreError'

/**
 * What the Electron preload exposes through contextBridge. It forwards only the contract's method
 * and event names (it checks them); the renderer passes bare names such as `getStatus`.
 */
export interface FleetdeskPreloadApi {
  invoke(method: string, params: unknown): Promise<Reply<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    /** Present only inside the Electron shell; absent in browser mode. */
    fleetdesk?: FleetdeskPreloadApi
  }
}

export function preloadApi(): FleetdeskPreloadApi | undefined {
  return typeof window === 'undefined' ? undefined : window.fleetdesk
}
