import type { Identity } from '../../shared/access/can'
import type { RobotMethodName } from '../../shared/api/channels'
import type { CoreEvents, CoreParsedParams, CoreResults } from '../../shared/api/contract'
import type { MachineId, PartId } from '../../shared/ids'
import type { MdnsOptions } from '../../net/mdns/mdnsOptions'
import type { Emitter } from './Emitter'
import type { FleetAccess } from './FleetAccess'

/** The robot half of the contract: one handler per robot method (their checks are in CORE_PERMISSIONS). */
export type RobotHandlers = {
  [M in RobotMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]>
}

/**
 * What the core needs of the robots side (discovery, sessions, watches). Declared here and
 * implemented in src/main/robots, so the core never imports it: the composition root
 * (app/startCore.ts) builds one and hands it in.
 */
export interface CoreRobots {
  readonly handlers: RobotHandlers
  startDiscovery(mdns: MdnsOptions): Promise<void>
  /** Stops browsing (to start again on another interface). */
  stopDiscovery(): Promise<void>
  /** Closes sessions and discovery. */
  stop(): Promise<void>
  /** Remembers a part secret (sealed) so the robot can be connected to without typing it. */
  rememberSecret(partId: string, secret: string): Promise<void>
  /** Whether a part secret is remembered on this computer for this part. */
  hasRememberedSecret(partId: string): Promise<boolean>
  /** The cached machine with this part, if the acting identity may control it. */
  knownMachine(partId: string): { id: MachineId; name: string } | null
}

/** What the core offers the robots side: its events, the acting identity and the cached fleet. */
export interface RobotHost {
  events: Emitter<CoreEvents>
  access: () => FleetAccess
  identity: () => Identity
  /** Which networks ICE may use, as the setting's text (see candidateFilter.ts). */
  iceNetworks: () => string
  /** Adds a discovered robot to the cache as a machine in a location. */
  addMachine: (input: {
    partId: string
    name: string
    locationId: string
  }) => Promise<{ machineId: MachineId; partId: PartId }>
  /** An edit went into the outbox: the core pushes a fresh status, so the pending count is right. */
  outboxChanged: () => Promise<void>
}

/** Builds the robots side over what the core offers it. */
export type RobotsFactory = (host: RobotHost) => CoreRobots
