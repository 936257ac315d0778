import type { LocationId, MachineId, PartId } from '../ids'
import type { LogEntry, Role } from '../domain/model'
import type { ApplyConfigResult, MachineStatus, ReadingsData } from '../robot/protocol'

export type { ApplyConfigResult, MachineStatus as RobotStatus, ReadingsData } from '../robot/protocol'

/** A robot seen on the LAN (mDNS), matched to a cached machine by part id when there is one. */
export interface NearbyRobot {
  partId: string
  machineName: string
  host: string
  port: number
  protocolVersion: number
  lastSeen: string
  /** The cached machine and part this robot is, if the cache knows its part id (and you may see it). */
  machineId: MachineId | null
  /** Whether a session to it is open or being opened. */
  connected: boolean
}

export type RobotSessionState = 'connecting' | 'live' | 'reconnecting' | 'unreachable' | 'closed'

/**
 * The path a session runs over: `lan` is WebRTC signaled straight to the agent, `memory` a robot in
 * the same process (tests, demos), `serial` a serial port (USB). The hub relay joins as `relay`.
 */
export type RobotSessionVia = 'lan' | 'memory' | 'serial'

export interface RobotSessionView {
  partId: string
  machineId: MachineId | null
  machineName: string
  /** How the session reaches the robot; null until a target is known. */
  via: RobotSessionVia | null
  /** Where, in the path's terms (`host:port` on the LAN). */
  address: string
  state: RobotSessionState
  /** The role the agent granted this session (from the secret: owner; from a token: its role). */
  role: Role | null
  /** Why the last attempt failed or the session dropped, in words for a technician. */
  error: string | null
  /** When the session entered its current state. */
  since: string
  /** Reconnect attempts since the session was last live. */
  attempts: number
}

export type RobotAuthInput =
  | { kind: 'secret'; secret: string; remember: boolean }
  | { kind: 'token'; token: string }
  /** The part secret remembered (encrypted at rest) from an earlier connection or the demo fleet. */
  | { kind: 'remembered' }

export type WatchTopic = 'logs' | 'readings' | 'status'

export interface RobotLogsEvent {
  partId: string
  entries: LogEntry[]
}
export interface RobotReadingsEvent {
  partId: string
  data: ReadingsData
}
export interface RobotStatusEvent {
  partId: string
  status: MachineStatus
}

export interface StopAllResult {
  /** Machines the stop reached, and what each stopped. */
  reached: Array<{ partId: string; machineName: string; stopped: string[] }>
  /** Machines the stop could not reach, with why. */
  failed: Array<{ partId: string; machineName: string; error: string }>
}

export interface AddRobotResult {
  machineId: MachineId
  partId: PartId
  locationId: LocationId
}

export type { ApplyConfigResult as RobotApplyResult }
