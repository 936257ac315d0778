import type { LogEntry } from '../../shared/domain/model'
import type { FleetImport } from '../cache/types'

/** The fleet a first run offers on an empty cache, made outside the core (see app/demoFleet.ts). */
export interface DemoFleet {
  fleet: FleetImport
  logs: LogEntry[]
  /** Who the desktop acts as once the demo fleet is in the cache. */
  defaultUserEmail: string
  /** Demo machines that run as simulated robots: their secrets are remembered (sealed) for them. */
  robots: ReadonlyArray<{ partId: string; secret: string }>
  /** Called once the fleet is in the cache (writes the simulator's spec file, for instance). */
  imported(): Promise<void>
}

export type DemoFleetSource = () => DemoFleet | Promise<DemoFleet>
