/** A serial port this computer lists, with what tells a technician which device it is. */
export interface SerialPortView {
  /** `/dev/ttyUSB0`, `COM3`: what opening it takes. */
  path: string
  manufacturer: string | null
  /** USB vendor and product id, four lowercase hex digits each; null for a port that is not USB. */
  vendorId: string | null
  productId: string | null
  serialNumber: string | null
  /** The USB product string the device reports (`CP2102 USB to UART Bridge Controller`). */
  product: string | null
  /** The chip or board a known vendor:product pair is (`Silicon Labs CP210x`), else null. */
  chip: string | null
}

export type SerialLineEnding = 'none' | 'lf' | 'cr' | 'crlf'

/** One line of a serial console, as it arrived (or as it was sent). */
export interface ConsoleLine {
  /** Counts every line the console ever held, from 1: the renderer keys rows by it. */
  seq: number
  /** When its first byte arrived (or it was sent), ms since epoch. */
  at: number
  dir: 'in' | 'out'
  /** The text, UTF-8 decoded (invalid bytes as U+FFFD), without its line ending. */
  text: string
  /** The line ending it arrived with: '\n', '\r\n', '\r', or '' (broken because too long, or not ended yet). */
  eol: string
  /**
   * The bytes as hex, only when re-encoding `text` + `eol` would not give them back (invalid UTF-8,
   * a character split by a break): the hex view shows what really came over the wire.
   */
  hex?: string
}

export type SerialConsoleState = 'opening' | 'open' | 'closed'

/** A serial console as the core holds it: one per port path, shared by every window. */
export interface SerialConsoleView {
  path: string
  baudRate: number
  state: SerialConsoleState
  /** Whether the port is the one a robot session holds (the console then shows only its non-frame text). */
  sharedWithSession: boolean
  /** Why it closed, in a technician's words. */
  error: string | null
  /** Lines dropped from the front of the buffer so far (the cap keeps memory flat). */
  trimmed: number
  bytesIn: number
  bytesOut: number
  /** Times it was cleared: a window that sees this change empties its own copy. */
  clears: number
  /** The file the console is being written to, if logging. */
  logFile: string | null
}

/** What the core holds of a console: its state, the buffered lines and the line still arriving. */
export interface SerialConsoleSnapshot extends SerialConsoleView {
  lines: ConsoleLine[]
  partial: ConsoleLine | null
}

/**
 * New lines of a console since the last batch (sent every ~50 ms while text arrives, never one
 * message per chunk). `partial` is the line still arriving, replacing the previous batch's.
 */
export interface SerialConsoleBatch {
  path: string
  lines: ConsoleLine[]
  partial: ConsoleLine | null
  /** Lines dropped in the core before they reached this batch (a flood beyond the cap). */
  trimmed: number
  bytesIn: number
}

/** Common rates first; any other positive integer is allowed too. */
export const COMMON_BAUD_RATES = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 74880, 115200, 230400, 250000, 460800, 500000, 921600,
] as const
export const DEFAULT_BAUD_RATE = 115200
export const MAX_BAUD_RATE = 12_000_000

/** How long the app waits for a device on a port to answer `session.challenge` (ms). */
export const SERIAL_PROBE_TIMEOUT_MS = 3000

/** Who answered on a serial port: a robot (its part, and the cached machine that has it), or none. */
export type SerialProbeResult =
  | {
      kind: 'robot'
      partId: string
      protocolVersion: number
      /** The cached machine with this part, when the identity may control it; null for a robot the fleet does not know. */
      machine: { id: string; name: string } | null
      /** A part secret is remembered on this computer: connecting needs no typing. */
      secretRemembered: boolean
    }
  | {
      /** Nothing answered the handshake: a plain serial device (or a robot refusing for now); use the console. */
      kind: 'plain'
      message: string
    }
