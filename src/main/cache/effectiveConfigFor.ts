import { CoreError } from '../../shared/errors/CoreError'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import { configToShow } from './configToShow'
import { fragmentsWanted, resolveEffectiveConfig, type EffectiveConfig } from './resolveEffectiveConfig'
import type { CachedPartConfig, CacheStore } from './types'

type FragmentReader = Pick<CacheStore, 'getFragmentConfigs'>

/** Reads the fragments a machine config lists from the cache and resolves its effective config. */
export async function loadEffectiveConfig(
  cache: FragmentReader,
  own: MachineConfig,
): Promise<EffectiveConfig> {
  const wanted = fragmentsWanted(own)
  return resolveEffectiveConfig(own, wanted.length === 0 ? [] : await cache.getFragmentConfigs(wanted))
}

/**
 * The config to send to a part's robot: the config to show (the newest local edit, else the hub
 * revision) with its fragments resolved into it and their mods applied. Null when the cache holds
 * no config for the part. Refuses, with every problem and its path, a config whose fragments are
 * not cached or clash with it: a robot is never sent half a config.
 */
export async function effectiveConfigFor(
  cache: FragmentReader,
  cached: CachedPartConfig,
): Promise<MachineConfig | null> {
  const own = configToShow(cached)
  if (!own) return null
  const effective = await loadEffectiveConfig(cache, own)
  if (effective.ok) return effective.config
  const n = effective.errors.length
  throw new CoreError(
    'failed-precondition',
    `This config cannot be combined with its fragments (${n} problem${n === 1 ? '' : 's'}: ${effective.errors[0]?.message ?? 'unknown'}); nothing was sent.`,
    effective.errors,
  )
}
