import type { HubKeys } from '../../shared/robot/auth'

/** Where the agent gets the hub keys to verify a token with (the hub key cache, in production). */
export interface HubKeySource {
  /**
   * The keys to verify this token with: the cached set, refreshed first when the token names a key
   * id the set lacks and a refresh is allowed now. Undefined while the agent has never had keys.
   */
  keysFor(token: string): Promise<HubKeys | undefined>
}
