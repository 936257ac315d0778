import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

// The last good machine config, kept in the data folder so that the agent restarts into what it
// was running (including configs applied over a session) even with no hub and no desktop in reach.
// Written to a temporary file, fsynced, then renamed: a power cut leaves the old or the new file,
// never half of one.

export interface StoredConfig {
  revision: number
  config: unknown
  /** canonicalJson hash of the config file the agent was started with when this was saved. */
  sourceHash?: string
  savedAt: string
}

export interface ConfigStore {
  load(): StoredConfig | undefined
  save(stored: StoredConfig): void
}

export class FileConfigStore implements ConfigStore {
  constructor(private readonly path: string) {}

  load(): StoredConfig | undefined {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch {
      return undefined
    }
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value !== 'object' || value === null) return undefined
      const { revision, config, sourceHash, savedAt } = value as Record<string, unknown>
      if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) return undefined
      return {
        revision,
        config,
        savedAt: typeof savedAt === 'string' ? savedAt : '',
        ...(typeof sourceHash === 'string' ? { sourceHash } : {}),
      }
    } catch {
      // A damaged cache is ignored; the agent falls back to its config file.
      return undefined
    }
  }

  save(stored: StoredConfig): void {
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, JSON.stringify(stored, null, 2) + '\n')
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.path)
  }
}

/** For tests and simulators that should leave nothing on disk. */
export class MemoryConfigStore implements ConfigStore {
  stored: StoredConfig | undefined

  load(): StoredConfig | undefined {
    return this.stored
  }

  save(stored: StoredConfig): void {
    this.stored = stored
  }
}
