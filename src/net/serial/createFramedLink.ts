import { SerialPort } from 'serialport'
import { CoreError } from '../../shared/errors/CoreError'
import { errorMessage } from '../../shared/errors/errorMessage'
import type { MessageChannel } from '../../shared/robot/MessageChannel'
import { encodeFrame, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/serial/frame'
import { FrameDecoder, type FrameDropReason, type FrameEvent } from '../../shared/serial/FrameDecoder'
import { stopReadLoopOnHangup } from './stopReadLoopOnHangup'

// One open serial port as the robot protocol and a serial console use it, for the desktop and the
// agent alike: frames on a MessageChannel, everything else as console bytes (docs/serial-protocol.md).

export interface FramedLinkStats {
  bytesIn: number
  bytesOut: number
  framesDecoded: number
  framesDropped: Record<FrameDropReason, number>
  consoleBytes: number
}

export interface FramedLink {
  readonly path: string
  readonly baudRate: number
  readonly channel: MessageChannel
  onConsoleBytes(listener: (bytes: Uint8Array, at: number) => void): () => void
  /** Each frame the decoder dropped (the agent answers it with a JSON-RPC error). */
  onDropped(listener: (reason: FrameDropReason, bytes: number) => void): () => void
  writeRaw(bytes: Uint8Array): Promise<void>
  stats(): FramedLinkStats
  onClose(listener: (reason: string) => void): () => void
  close(reason?: string): Promise<void>
  readonly isOpen: boolean
}

export interface OpenPortOptions {
  path: string
  baudRate: number
}

export interface FramedLinkOptions {
  /** Pending text is shown after this long without bytes (a device that sends no 0x00); 50 ms. */
  idleFlushMs?: number
  maxPayloadBytes?: number
}

/**
 * Opens a port with an exclusive lock (a port another program holds is refused, never shared), raw,
 * 8N1. Rejects with the binding's error as it is; callers put it in words (describeSerialError).
 */
export function openLockedPort({ path, baudRate }: OpenPortOptions): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true, hupcl: false })
    port.open((err) => {
      if (err) return reject(err)
      stopReadLoopOnHangup(port)
      resolve(port)
    })
  })
}

/** Frames queued within this long of the previous one are a burst: see channel.send. */
const BURST_MS = 10

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/**
 * A listener that throws must not take the port (or the process: these run in the port's 'data'
 * handler) down with it, nor keep the next listener from its bytes.
 */
function safely(call: () => void): void {
  try {
    call()
  } catch (err) {
    console.error('a serial link listener failed:', err)
  }
}

/** The link over a port already open; closing the link (or its channel) closes the port. */
export function createFramedLink(port: SerialPort, options: FramedLinkOptions = {}): FramedLink {
  const maxPayload = options.maxPayloadBytes ?? MAX_FRAME_PAYLOAD_BYTES
  const idleFlushMs = options.idleFlushMs ?? 50
  const frames = new FrameDecoder({ maxPayloadBytes: maxPayload })
  const messageListeners = new Set<(message: string) => void>()
  const consoleListeners = new Set<(bytes: Uint8Array, at: number) => void>()
  const dropListeners = new Set<(reason: FrameDropReason, bytes: number) => void>()
  const closeListeners = new Set<(reason: string) => void>()
  let bytesIn = 0
  let bytesOut = 0
  let open = port.isOpen
  let closedReason: string | undefined
  let idleTimer: NodeJS.Timeout | undefined
  /** The last byte written was the 0x00 that ended a frame, at `lastFrameAt` (performance.now()). */
  let delimited = false
  let lastFrameAt = -Infinity

  const deliver = (events: FrameEvent[]): void => {
    const at = Date.now()
    for (const event of events) {
      switch (event.kind) {
        case 'frame': {
          const message = decoder.decode(event.payload)
          for (const l of messageListeners) safely(() => l(message))
          break
        }
        case 'console':
          for (const l of consoleListeners) safely(() => l(event.bytes, at))
          break
        case 'dropped':
          for (const l of dropListeners) safely(() => l(event.reason, event.bytes))
          break
      }
    }
  }

  const finish = (reason: string): void => {
    if (!open && closedReason !== undefined) return
    open = false
    closedReason = reason
    clearTimeout(idleTimer)
    deliver(frames.flushPending())
    for (const l of closeListeners) l(reason)
    closeListeners.clear()
  }

  port.on('data', (chunk: Buffer) => {
    bytesIn += chunk.length
    deliver(frames.push(chunk))
    clearTimeout(idleTimer)
    if (frames.bufferedBytes > 0) idleTimer = setTimeout(() => deliver(frames.flushPending()), idleFlushMs)
  })
  const wentAway = `the serial device at ${port.path} went away (cable pulled or device reset)`
  port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
    finish(err?.disconnected ? wentAway : (closedReason ?? 'serial port closed'))
  })
  // Errors without a callback to take them (a failed write is reported by its own callback).
  port.on('error', (err: Error) => {
    if (open) void closePort(`serial port error: ${errorMessage(err)}`)
  })
  if (!open) queueMicrotask(() => finish('serial port closed'))

  const closePort = (reason: string): Promise<void> => {
    if (!open) return Promise.resolve()
    closedReason = reason
    return new Promise((resolve) => {
      port.close(() => {
        finish(reason)
        resolve()
      })
    })
  }

  const write = (bytes: Uint8Array): Promise<void> => {
    if (!open)
      return Promise.reject(new CoreError('unavailable', `serial port closed: ${closedReason ?? ''}`))
    bytesOut += bytes.length
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (err) => {
        if (!err) return resolve()
        // A write can be what notices the device is gone (a heartbeat going out as the cable is
        // pulled): that is the same news as the read loop's, in the same words.
        const code = (err as NodeJS.ErrnoException).code
        const gone = code === 'EIO' || code === 'ENXIO' || code === 'ENODEV' || code === 'EBADF'
        void closePort(gone ? wentAway : `writing to the serial port failed: ${errorMessage(err)}`)
        reject(new CoreError('unavailable', `writing to ${port.path} failed: ${errorMessage(err)}`))
      })
    })
  }

  const channel: MessageChannel = {
    send(message) {
      if (!open) throw new Error(`channel closed: ${closedReason ?? 'serial port closed'}`)
      const payload = encoder.encode(message)
      if (payload.length > maxPayload) {
        throw new CoreError(
          'invalid-argument',
          `message of ${payload.length} bytes is over the serial frame limit of ${maxPayload} bytes`,
        )
      }
      // Ordered by the port's own write queue; a failure closes the link, which the session sees.
      // Frames in a burst share one 0x00 (it saves a byte per frame); after a pause a frame gets
      // its own leading 0x00 again, so text another writer put on the line (a kernel console on
      // the same UART) never merges into it.
      const now = performance.now()
      const frame = encodeFrame(payload, { leadingDelimiter: !(delimited && now - lastFrameAt < BURST_MS) })
      delimited = true
      lastFrameAt = now
      write(frame).catch(() => undefined)
    },
    onMessage(listener) {
      messageListeners.add(listener)
      return () => messageListeners.delete(listener)
    },
    onClose(listener) {
      closeListeners.add(listener)
      return () => closeListeners.delete(listener)
    },
    close(reason = 'closed') {
      void closePort(reason)
    },
    get isOpen() {
      return open
    },
  }

  return {
    path: port.path,
    baudRate: port.baudRate,
    channel,
    onConsoleBytes(listener) {
      consoleListeners.add(listener)
      return () => consoleListeners.delete(listener)
    },
    onDropped(listener) {
      dropListeners.add(listener)
      return () => dropListeners.delete(listener)
    },
    writeRaw: (bytes) => {
      if (bytes.length > 0) delimited = bytes[bytes.length - 1] === 0
      return write(bytes)
    },
    stats: () => ({
      bytesIn,
      bytesOut,
      framesDecoded: frames.stats.framesDecoded,
      framesDropped: { ...frames.stats.framesDropped },
      consoleBytes: frames.stats.consoleBytes,
    }),
    onClose: channel.onClose,
    close: (reason = 'closed') => closePort(reason),
    get isOpen() {
      return open
    },
  }
}
