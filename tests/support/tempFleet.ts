import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCore, type StartedCore } from '../../src/main/app/startCore'
import { createCacheStore } from '../../src/main/cache/createCacheStore'
import { IDENTITY_SETTING } from '../../src/main/core/FleetCore'
import { generateFleet, type GeneratedFleet } from '../../src/main/fixture/generateFleet'

export interface TempFleet {
  dataDir: string
  generated: GeneratedFleet
  start(actAs?: string): Promise<StartedCore>
  dispose(): void
}

/** A real cache on disk filled with a fixture fleet, and a way to start cores on it as any user. */
export async function makeTempFleet(machines = 40): Promise<TempFleet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-test-'))
  const generated = generateFleet({ machines, revisionsPerPart: 3, logs: 100 })
  const cache = createCacheStore({ dataDir })
  await cache.open()
  await cache.importFleet(generated.fleet)
  await cache.putSetting(IDENTITY_SETTING, generated.defaultUserEmail)
  await cache.close()
  const started: StartedCore[] = []
  return {
    dataDir,
    generated,
    start: async (actAs) => {
      const s = await startCore({ dataDir, discovery: false, ...(actAs ? { actAs } : {}) })
      started.push(s)
      return s
    },
    dispose: () => {
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
