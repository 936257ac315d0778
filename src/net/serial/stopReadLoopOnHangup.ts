import { read } from 'node:fs'
import { promisify } from 'node:util'
import type { SerialPort } from 'serialport'

const readAsync = promisify(read)

interface UnixPortInternals {
  fd: number | null
  readonly isOpen: boolean
  poller?: { once(event: 'readable', listener: (err?: Error | null) => void): void }
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>
}

/**
 * serialport's Unix read (bindings-cpp 12, unixRead) retries at once when read() returns 0 bytes.
 * A tty that has been hung up (the other end of a pty closed, a USB adapter unplugged between two
 * reads) returns 0 forever, so the port spins at full CPU and never reports the disconnect. This
 * replaces the open port's read with the same loop in which 0 bytes means the device hung up:
 * the stream then closes with a disconnect, as it does for EIO or ENXIO.
 */
export function stopReadLoopOnHangup(port: SerialPort): void {
  const binding = port.port as unknown as UnixPortInternals | undefined
  if (!binding || typeof binding.fd !== 'number' || !binding.poller) return // Windows: nothing to do
  const poller = binding.poller
  binding.read = async (buffer, offset, length) => {
    for (;;) {
      const fd = binding.fd
      if (!binding.isOpen || fd === null)
        throw Object.assign(new Error('Port is not open'), { canceled: true })
      try {
        const { bytesRead } = await readAsync(fd, buffer, offset, length, null)
        if (bytesRead === 0) throw Object.assign(new Error('the device hung up'), { disconnect: true })
        return { bytesRead, buffer }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err
        if (!binding.isOpen) throw Object.assign(new Error('Port is not open'), { canceled: true })
        await new Promise<void>((resolve, reject) =>
          poller.once('readable', (e) => (e ? reject(e) : resolve())),
        )
      }
    }
  }
}
