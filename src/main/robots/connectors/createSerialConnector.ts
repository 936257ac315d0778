import type { SerialPortView } from '../../../shared/api/serialViews'
import { CoreError } from '../../../shared/errors/CoreError'
import { errorMessage } from '../../../shared/errors/errorMessage'
import { openSerialLink } from '../../serial/link/openSerialLink'
import type { OpenSerialLink } from '../../serial/link/SerialLink'
import { serialLinks, type SerialLinks } from '../../serial/link/SerialLinks'
import { describeDevice, findReturningPort } from '../../serial/ports/findReturningPort'
import type { RobotConnector } from './RobotConnector'
import type { SerialTarget } from './RobotTarget'

/** The ports listing a connector looks a returning device up in (SerialPortWatcher). */
export interface SerialPortSource {
  list(): Promise<SerialPortView[]>
}

export interface SerialConnectorOptions {
  open?: OpenSerialLink
  /** Where open links are recorded for the serial console (the process's registry by default). */
  registry?: SerialLinks
  /** Where a target's device is looked for; without it a target is opened at its path as it is. */
  ports?: SerialPortSource
}

/**
 * Robots on a serial port: opens the port (locked, so a port another program or window holds is
 * refused, never taken over) and hands the session the link's channel. Closing the session closes
 * the port; a pulled cable closes the channel at once with the reason, and the session's reconnect
 * comes back here: a target that names its device is opened where that device is listed now
 * (findReturningPort), and while it is not back, or another program holds it, the attempt fails
 * saying so and the session keeps waiting.
 */
export function createSerialConnector(options: SerialConnectorOptions = {}): RobotConnector<SerialTarget> {
  const open = options.open ?? openSerialLink
  const registry = options.registry ?? serialLinks
  const where = async (target: SerialTarget): Promise<string> => {
    const { device } = target
    if (!device || !options.ports) return target.path
    let ports: SerialPortView[]
    try {
      ports = await options.ports.list()
    } catch (err) {
      throw new CoreError('unavailable', `Could not list the serial ports: ${errorMessage(err)}`)
    }
    const path = findReturningPort(device, ports)
    if (path === null) {
      throw new CoreError(
        'unavailable',
        `Waiting for ${describeDevice(device)} to come back: plug it in again (it reconnects by itself).`,
      )
    }
    return path
  }
  return {
    connect: async (target, { timeoutMs, reached }) => {
      const path = await where(target)
      if (registry.get(path)?.isOpen) {
        throw new CoreError(
          'unavailable',
          `${path} is already open in Fleetdesk (a session or the serial console).`,
        )
      }
      const link = await withTimeout(
        open({ path, baudRate: target.baudRate }),
        timeoutMs,
        path,
        (late) => void late.close('opened too late'),
      )
      registry.add(link)
      if (path !== target.path) reached?.({ ...target, path })
      return link.channel
    },
  }
}

/** Rejects after `ms` (the connector's promise); a link that opens after that is closed, not leaked. */
function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  path: string,
  discard: (late: T) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false
    const timer = setTimeout(() => {
      done = true
      reject(new CoreError('unavailable', `Opening ${path} took longer than ${ms} ms.`))
    }, ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        if (done) discard(value)
        else resolve(value)
      },
      (err: unknown) => {
        clearTimeout(timer)
        if (!done) reject(err)
      },
    )
  })
}
