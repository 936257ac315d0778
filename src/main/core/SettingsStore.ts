import type { CoreParsedParams } from '../../shared/api/contract'
import type { Settings } from '../../shared/api/views'
import type { CacheStore } from '../cache/types'

// Loopback by default: nothing reaches a real network until someone picks that network.
export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  hubUrl: null,
  discoveryInterface: '127.0.0.1',
  iceNetworks: 'loopback',
  serialAutoConnect: false,
}
const SETTINGS_KEY = 'settings'

/** What updateSettings may change, and the settings other methods keep here (setSerialAutoConnect). */
export type SettingsPatch = CoreParsedParams<'updateSettings'> & { serialAutoConnect?: boolean }

/** The settings with a patch applied: keys the patch leaves out (or leaves undefined) are kept. Pure. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next: Settings = { ...settings }
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined) Object.assign(next, { [key]: value })
  return next
}

/** This desktop's settings, kept in the cache; a missing key takes its default. */
export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS

  constructor(private readonly cache: CacheStore) {}

  /** As last read or written, for callers that cannot wait (which networks ICE may use). */
  get latest(): Settings {
    return this.current
  }

  async read(): Promise<Settings> {
    const stored = await this.cache.getSetting<Partial<Settings>>(SETTINGS_KEY)
    this.current = { ...DEFAULT_SETTINGS, ...(stored ?? {}) }
    return this.current
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = applySettingsPatch(await this.read(), patch)
    await this.cache.putSetting(SETTINGS_KEY, next)
    this.current = next
    return next
  }
}
