import { writeFileAtomic, readJsonFile } from './atomicJson'

// The last config the hub served (hub-config.json beside the agent's config), so that the agent
// runs it when the hub is away, also after its own restart. `confirmedAt` is the last time the hub
// said this is still the part's config (a 304 counts): the cache's 60 days run from there.

export interface CachedHubConfig {
  revision: number
  etag: string
  config: unknown
  confirmedAt: number
}

export class HubConfigCache {
  constructor(readonly path: string) {}

  load(): CachedHubConfig | undefined {
    const value = readJsonFile(this.path)
    if (typeof value !== 'object' || value === null) return undefined
    const { revision, etag, config, confirmedAt } = value as Record<string, unknown>
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) return undefined
    if (typeof etag !== 'string' || typeof confirmedAt !== 'number' || config === undefined) return undefined
    return { revision, etag, config, confirmedAt }
  }

  save(cached: CachedHubConfig): void {
    writeFileAtomic(this.path, JSON.stringify(cached) + '\n')
  }
}
