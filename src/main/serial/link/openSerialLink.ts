import { createFramedLink, openLockedPort } from '../../../net/serial/createFramedLink'
import { describeSerialError } from './describeSerialError'
import type { OpenSerialLink, SerialLink } from './SerialLink'

/**
 * Opens a serial port for a robot session and the serial console: locked (a port another program
 * or window holds is refused, not shared), frames and console bytes split by the FrameDecoder.
 * Open failures come back in a technician's words (describeSerialError).
 */
export const openSerialLink: OpenSerialLink = async ({ path, baudRate }): Promise<SerialLink> => {
  try {
    const port = await openLockedPort({ path, baudRate })
    return createFramedLink(port)
  } catch (err) {
    throw describeSerialError(err, { path, platform: process.platform })
  }
}
