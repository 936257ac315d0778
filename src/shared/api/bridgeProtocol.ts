import type { CoreEventName, CoreEvents, CoreMethodName } from './contract'
import type { Reply } from './errors'

/**
 * Browser mode carries the core contract over one WebSocket at `/api?token=<T>` on 127.0.0.1.
 * The server refuses the upgrade without the per-launch token or with a foreign Origin.
 */
export const BRIDGE_PATH = '/api'

export interface BridgeRequest {
  id: number
  method: CoreMethodName
  params: unknown
}

export type BridgeMessage =
  | { kind: 'reply'; id: number; reply: Reply<unknown> }
  | { [E in CoreEventName]: { kind: 'event'; event: E; payload: CoreEvents[E] } }[CoreEventName]
