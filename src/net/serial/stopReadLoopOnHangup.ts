import { readSync } from 'node:fs'
import type { SerialPort } from 'serialport'

interface UnixPortInternals {
  fd: number | null
  readonly isOpen: boolean
  poller?: { once(event: 'readable', listener: (err?: Error | null) => void): void }
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>
}

const retryable = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR'
}

const notOpen = (): Error => Object.assign(new Error('Port is not open'), { canceled: true })

/**
 * Two changes to an open port's Unix read (serialport's bindings-cpp 12, unixRead):
 *
 * - A tty that has been hung up (the other end of a pty closed, a USB adapter unplugged between two
 *   reads) returns 0 bytes forever, and serialport's read retries at once: the port spins at full
 *   CPU and never reports the disconnect. Here 0 bytes means the device hung up: the stream then
 *   closes with a disconnect, as it does for EIO or ENXIO.
 * - serialport reads with fs.read, a trip through libuv's thread pool, and tries a read before
 *   waiting for the fd to be readable: two thread hops per message, which on a loaded machine made
 *   a component call's round trip several times the raw pty echo. The fd is opened O_NONBLOCK, so
 *   readSync never blocks: it takes the bytes or says EAGAIN at once, and the poller (epoll) says
 *   when to try again. Writes stay serialport's own (fs.write): a synchronous write path tried
 *   beside this stalled a session for good in the end-to-end test that adds a serial robot to a
 *   location (cause not pinned down), so it was left out.
 */
export function stopReadLoopOnHangup(port: SerialPort): void {
  const binding = port.port as unknown as UnixPortInternals | undefined
  if (!binding || typeof binding.fd !== 'number' || !binding.poller) return // Windows: nothing to do
  const poller = binding.poller
  const ready = (): Promise<void> =>
    new Promise<void>((resolve, reject) => poller.once('readable', (e) => (e ? reject(e) : resolve())))

  // A read that did not fill the buffer took all there was: the next one waits for the poller
  // first instead of failing with EAGAIN (an exception, with its stack, per message).
  let drained = false
  binding.read = async (buffer, offset, length) => {
    for (;;) {
      if (drained) {
        drained = false
        if (!binding.isOpen) throw notOpen()
        await ready()
      }
      const fd = binding.fd
      if (!binding.isOpen || fd === null) throw notOpen()
      let bytesRead: number
      try {
        bytesRead = readSync(fd, buffer, offset, length, null)
      } catch (err) {
        if (!retryable(err)) throw err
        if (!binding.isOpen) throw notOpen()
        await ready()
        continue
      }
      if (bytesRead === 0) throw Object.assign(new Error('the device hung up'), { disconnect: true })
      drained = bytesRead < length
      return { bytesRead, buffer }
    }
  }
}
