import { CoreError } from '../../../shared/errors/CoreError'
import { errorMessage } from '../../../shared/errors/errorMessage'

export interface SerialErrorContext {
  path: string
  /** `process.platform`: the advice for a permission problem depends on it. */
  platform: string
}

/**
 * A failure to open or use a serial port, in words a technician can act on. serialport's native
 * binding reports errors as text built around strerror ("Error: Permission denied, cannot open
 * /dev/ttyUSB0", "Error Resource temporarily unavailable Cannot lock port"), and on Windows as
 * "Opening COM3: Access denied", so this reads the message (and `code`, when there is one).
 */
export function describeSerialError(err: unknown, { path, platform }: SerialErrorContext): CoreError {
  if (err instanceof CoreError) return err
  const raw = errorMessage(err)
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
  const has = (...needles: string[]): boolean =>
    needles.some((n) => raw.toLowerCase().includes(n.toLowerCase()) || code === n)
  // A lock refused (flock), or a port opened exclusively: another program has it.
  if (has('Cannot lock port', 'EBUSY', 'EAGAIN', 'Resource busy', 'Resource temporarily unavailable')) {
    return new CoreError(
      'unavailable',
      `${path} is held by another program (a serial monitor, another Fleetdesk window, ModemManager, ...). Close it there and try again.`,
    )
  }
  if (has('EACCES', 'Permission denied', 'Access denied', 'EPERM')) {
    if (platform === 'win32') {
      // Windows says "Access denied" for a port another program holds.
      return new CoreError(
        'unavailable',
        `${path} is held by another program, or Windows refused access. Close other programs using it and try again.`,
      )
    }
    if (platform === 'linux') {
      return new CoreError(
        'permission-denied',
        `No permission to open ${path}. On Linux, serial ports belong to the "dialout" group: run ` +
          '`sudo usermod -aG dialout $USER`, then log out and back in (or restart) and try again.',
      )
    }
    return new CoreError(
      'permission-denied',
      `No permission to open ${path}. Ask an administrator for access to it.`,
    )
  }
  if (has('ENOENT', 'No such file or directory', 'File not found', 'cannot find the file')) {
    return new CoreError(
      'not-found',
      `${path} is not there: the device is unplugged, or has another name now. Plug it in, or pick it from the list again.`,
    )
  }
  if (has('ENODEV', 'ENXIO', 'No such device', 'EIO', 'Input/output error')) {
    return new CoreError(
      'unavailable',
      `The device at ${path} stopped answering (unplugged, or it reset). Check the cable and try again.`,
    )
  }
  if (has('baud rate')) {
    return new CoreError('invalid-argument', `${path} does not support that baud rate: ${raw}`)
  }
  return new CoreError('unavailable', `Could not use ${path}: ${raw}`)
}
