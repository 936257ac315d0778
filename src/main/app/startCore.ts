import { mkdir } from 'node:fs/promises'
import type { SerialPortView } from '../../shared/api/serialViews'
import type { Notice } from '../../shared/api/views'
import { createCacheStore } from '../cache/createCacheStore'
import type { CacheOpenReport, CacheStore } from '../cache/types'
import { FleetCore } from '../core/FleetCore'
import { RobotService } from '../robots/RobotService'
import { openKeyFileSecretBox } from '../secrets/KeyFileSecretBox'
import type { SecretBox } from '../secrets/SecretBox'
import { demoFleetSource } from './demoFleet'
import { SerialService, serialLogDir } from '../serial/SerialService'
import type { OpenSerialLink } from '../serial/link/SerialLink'
import { openSerialLink } from '../serial/link/openSerialLink'
import { serialLinks } from '../serial/link/SerialLinks'
import { listSerialPorts } from '../serial/ports/listSerialPorts'
import { SerialPortWatcher } from '../serial/ports/SerialPortWatcher'
import { SyncService, type SyncServiceOptions } from '../sync/SyncService'

export interface StartedCore {
  core: FleetCore
  cache: CacheStore
  openReport: CacheOpenReport
  /** Writes the last snapshot and releases the worker: call before the process exits. */
  stop(): Promise<void>
}

export interface StartCoreOptions {
  dataDir: string
  actAs?: string
  /** The shell passes the OS keychain's box; otherwise a key file in the data folder seals secrets. */
  secrets?: SecretBox
  /** Browse for robots on the LAN (default on). */
  discovery?: boolean
  /** How serial consoles open ports (tests and benches pass their own). */
  openSerialLink?: OpenSerialLink
  /** How serial ports are listed (tests pass ptys dressed as USB devices); serialport's lister by default. */
  listSerialPorts?: () => Promise<SerialPortView[]>
  /** Sync timings (tests pass short polls and heartbeats, and may watch the requests sent). */
  syncTuning?: Partial<
    Pick<SyncServiceOptions, 'pollMs' | 'pageSize' | 'timeoutMs' | 'heartbeatMs' | 'fetch'>
  >
}

/**
 * Opens the cache in `dataDir` and starts the core on it; shared by the Electron shell and browser
 * mode. The composition root: the robots side and the demo fleet are built here and handed to the
 * core, which imports neither.
 */
export async function startCore(options: StartCoreOptions): Promise<StartedCore> {
  await mkdir(options.dataDir, { recursive: true })
  const cache = createCacheStore({ dataDir: options.dataDir })
  const openReport = await cache.open()
  const notices: Notice[] = openReport.notices.map((n, i) => ({
    id: `cache-${i}`,
    level: 'warning',
    message: n.message,
  }))
  const secrets = options.secrets ?? (await openKeyFileSecretBox(options.dataDir))
  // One listing for the ports list and for the sessions that follow a device to where it is back.
  const serialPorts = new SerialPortWatcher({ list: options.listSerialPorts ?? (() => listSerialPorts()) })
  const core = new FleetCore({
    cache,
    notices,
    discovery: options.discovery ?? true,
    robots: (host) => new RobotService({ ...host, cache, secrets, serialPorts }),
    serial: (host) =>
      new SerialService({
        ...host,
        openLink: options.openSerialLink ?? openSerialLink,
        links: serialLinks,
        watcher: serialPorts,
        logDir: serialLogDir(options.dataDir),
      }),
    demoFleet: demoFleetSource(options.dataDir),
    sync: (host) => new SyncService({ ...host, ...options.syncTuning, secrets }),
    ...(options.actAs ? { actAs: options.actAs } : {}),
  })
  try {
    await core.start()
  } catch (err) {
    await cache.close()
    throw err
  }
  let stopped = false
  return {
    core,
    cache,
    openReport,
    stop: async () => {
      if (stopped) return
      stopped = true
      await core.stop()
      await cache.close()
    },
  }
}
