import { CoreError } from '../../../shared/errors/CoreError'
import { openSerialLink } from '../../serial/link/openSerialLink'
import type { OpenSerialLink } from '../../serial/link/SerialLink'
import { serialLinks, type SerialLinks } from '../../serial/link/SerialLinks'
import type { RobotConnector } from './RobotConnector'
import type { SerialTarget } from './RobotTarget'

export interface SerialConnectorOptions {
  open?: OpenSerialLink
  /** Where open links are recorded for the serial console (the process's registry by default). */
  registry?: SerialLinks
}

/**
 * Robots on a serial port: opens the port (locked, so a port another program holds is refused,
 * never taken over) and hands the session the link's channel. Closing the session closes the port;
 * a pulled cable closes the channel at once with the reason, and the session's own reconnect opens
 * the same path again when it is back.
 */
export function createSerialConnector(options: SerialConnectorOptions = {}): RobotConnector<SerialTarget> {
  const open = options.open ?? openSerialLink
  const registry = options.registry ?? serialLinks
  return {
    connect: async ({ path, baudRate }) => {
      if (registry.get(path)?.isOpen) {
        throw new CoreError(
          'unavailable',
          `${path} is already open in Fleetdesk (a session or the serial console).`,
        )
      }
      const link = await open({ path, baudRate })
      registry.add(link)
      return link.channel
    },
  }
}
