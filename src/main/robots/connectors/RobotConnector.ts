import { CoreError } from '../../../shared/errors/CoreError'
import type { MessageChannel } from '../../../shared/robot/MessageChannel'
import type { RobotTarget, RobotTargetKind } from './RobotTarget'

export interface ConnectOptions {
  /** For the whole setup, until the channel is open. */
  timeoutMs: number
  /**
   * Told where the robot was reached when that is not the target as given (a serial device back at
   * another path), so the session shows where it really is.
   */
  reached?: (target: RobotTarget) => void
}

/**
 * Opens the ordered message channel a robot session runs on. One implementation per way of
 * reaching a robot (WebRTC signaled over the LAN, in memory; later serial and the hub relay): the
 * session (hello, heartbeats, probe, reconnect) is the same over all of them.
 */
export interface RobotConnector<T extends RobotTarget = RobotTarget> {
  /** Resolves with an open channel; rejects saying why not, leaving nothing open. */
  connect(target: T, options: ConnectOptions): Promise<MessageChannel>
}

/** A connector for each kind of target this desktop can reach. */
export type ConnectorTable = {
  readonly [K in RobotTargetKind]?: RobotConnector<Extract<RobotTarget, { kind: K }>>
}

/** One connector over all targets: each target goes to the connector for its kind. */
export function connectorByKind(table: ConnectorTable): RobotConnector {
  return {
    connect: async (target, options) => {
      // Indexed by the target's own kind, so the entry takes exactly this target's type; TypeScript
      // cannot correlate the two through the union, hence the one cast.
      const connector = table[target.kind] as RobotConnector<typeof target> | undefined
      if (!connector) {
        throw new CoreError('unavailable', `This desktop cannot reach robots by ${target.kind}.`)
      }
      return connector.connect(target, options)
    },
  }
}
