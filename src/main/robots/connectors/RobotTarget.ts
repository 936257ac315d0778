import type { SerialDeviceIdentity } from '../../serial/ports/findReturningPort'
import type { RobotSessionVia } from '../../../shared/api/robotViews'

/** A robot on the LAN: its WebRTC signaling endpoint, from mDNS or typed by the user. */
export interface LanTarget {
  kind: 'lan'
  host: string
  port: number
}

/** A robot in this process, reached over an in-memory channel pair (tests, demos). */
export interface MemoryTarget {
  kind: 'memory'
  name: string
}

/** A robot on a serial port (USB at the bench): the port's path and the baud rate to open it at. */
export interface SerialTarget {
  kind: 'serial'
  path: string
  baudRate: number
  /**
   * The device first opened there (its USB serial number, vendor and product as listed): a reconnect
   * opens the port where that device is back, which may be another path, and no other device.
   * Without it the connector opens `path` as it is.
   */
  device?: SerialDeviceIdentity
}

/**
 * Where a robot is reached. Each kind has its own RobotConnector; a hub relay joins this union as
 * `relay` with its connector, and RobotSession does not change.
 */
export type RobotTarget = LanTarget | MemoryTarget | SerialTarget

export type RobotTargetKind = RobotTarget['kind']

/** The path (shown as the session's `via`) and the address a technician reads for a target. */
export function describeTarget(target: RobotTarget): { via: RobotSessionVia; address: string } {
  switch (target.kind) {
    case 'lan':
      return {
        via: target.kind,
        address: `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`,
      }
    case 'memory':
      return { via: target.kind, address: `memory:${target.name}` }
    case 'serial':
      return { via: target.kind, address: `${target.path} @ ${target.baudRate} baud` }
  }
}
