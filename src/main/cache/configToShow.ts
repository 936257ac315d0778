import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { CachedPartConfig } from './types'

/**
 * The part's config to show, edit or apply: the newest local edit waiting in the outbox if there
 * is one, else the hub revision the cache holds; null when the cache holds neither.
 */
export function configToShow(cached: CachedPartConfig): MachineConfig | null {
  return cached.pending?.config ?? cached.config
}
