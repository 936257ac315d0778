import { readSync, writeSync } from 'node:fs'
import type { SerialPort } from 'serialport'

interface UnixPortInternals {
  fd: number | null
  readonly isOpen: boolean
  poller?: {
    once(event: 'readable' | 'writable', listener: (err?: Error | null) => void): void
  }
  writeOperation: Promise<void> | null
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>
  write(buffer: Buffer): Promise<void>
}

const retryable = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR'
}

const notOpen = (): Error => Object.assign(new Error('Port is not open'), { canceled: true })

/** A failed write the stream should treat as the device gone (as serialport's own unixWrite does). */
const markDisconnect = (err: unknown): unknown => {
  const e = err as NodeJS.ErrnoException & { disconnect?: boolean }
  if (e.code === 'EBADF' || e.code === 'ENXIO' || e.code === 'EIO' || e.code === 'UNKNOWN')
    e.disconnect = true
  return err
}

/**
 * Two changes to an open port's Unix read and write (serialport's bindings-cpp 12, unixRead and
 * unixWrite):
 *
 * - A tty that has been hung up (the other end of a pty closed, a USB adapter unplugged between two
 *   reads) returns 0 bytes forever, and serialport's read retries at once: the port spins at full
 *   CPU and never reports the disconnect. Here 0 bytes means the device hung up: the stream then
 *   closes with a disconnect, as it does for EIO or ENXIO.
 * - serialport reads and writes with fs.read and fs.write, each a trip through libuv's thread pool,
 *   and tries a read before waiting for the fd to be readable: three thread hops per message each
 *   way, which on a loaded machine made a component call's round trip several times the raw pty
 *   echo. The fd is opened O_NONBLOCK, so readSync and writeSync never block: they move the bytes
 *   or say EAGAIN at once, and the poller (epoll) says when to try again.
 */
export function stopReadLoopOnHangup(port: SerialPort): void {
  const binding = port.port as unknown as UnixPortInternals | undefined
  if (!binding || typeof binding.fd !== 'number' || !binding.poller) return // Windows: nothing to do
  const poller = binding.poller
  const ready = (event: 'readable' | 'writable'): Promise<void> =>
    new Promise<void>((resolve, reject) => poller.once(event, (e) => (e ? reject(e) : resolve())))

  // A read that did not fill the buffer took all there was: the next one waits for the poller
  // first instead of failing with EAGAIN (an exception, with its stack, per message).
  let drained = false
  binding.read = async (buffer, offset, length) => {
    for (;;) {
      if (drained) {
        drained = false
        if (!binding.isOpen) throw notOpen()
        await ready('readable')
      }
      const fd = binding.fd
      if (!binding.isOpen || fd === null) throw notOpen()
      let bytesRead: number
      try {
        bytesRead = readSync(fd, buffer, offset, length, null)
      } catch (err) {
        if (!retryable(err)) throw err
        if (!binding.isOpen) throw notOpen()
        await ready('readable')
        continue
      }
      if (bytesRead === 0) throw Object.assign(new Error('the device hung up'), { disconnect: true })
      drained = bytesRead < length
      return { bytesRead, buffer }
    }
  }

  binding.write = (buffer) => {
    // As serialport's own write: drain() waits for the write in progress.
    const operation = (async (): Promise<void> => {
      let offset = 0
      while (offset < buffer.length) {
        const fd = binding.fd
        if (!binding.isOpen || fd === null) throw new Error('Port is not open')
        try {
          offset += writeSync(fd, buffer, offset, buffer.length - offset)
        } catch (err) {
          if (!retryable(err)) throw markDisconnect(err)
          await ready('writable')
        }
      }
    })()
    binding.writeOperation = operation.finally(() => {
      if (binding.writeOperation === tracked) binding.writeOperation = null
    })
    const tracked = binding.writeOperation
    tracked.catch(() => undefined)
    return operation
  }
}
