import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { CachedPartConfig } from './types'

/**
 * The config a part has on this desktop: the newest local edit while one waits in the outbox, else
 * the hub's revision held in the cache; null when there is neither. An edit the hub refused still
 * counts: it stays the user's config until an owner acts on it.
 */
export function configToShow(cached: Pick<CachedPartConfig, 'config' | 'pending'>): MachineConfig | null {
  return cached.pending?.config ?? cached.config
}
