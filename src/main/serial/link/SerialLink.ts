import type { MessageChannel } from '../../../shared/robot/MessageChannel'

/** What came over one serial link so far: the console's and the session's health at a glance. */
export interface SerialLinkStats {
  bytesIn: number
  bytesOut: number
  framesDecoded: number
  /** Frames dropped by the decoder, by reason; decoding carried on with the next frame. */
  framesDropped: { badCrc: number; badCobs: number; oversized: number }
  /** Bytes that were not frames (boot text, printf debugging), handed to the console. */
  consoleBytes: number
}

/**
 * One open serial port, shared by the robot session (frames, on `channel`) and the serial console
 * (everything else the device printed). A device that speaks no frames at all is still a link: its
 * channel never carries a message and all its bytes are console bytes.
 */
export interface SerialLink {
  readonly path: string
  readonly baudRate: number
  /** Robot-protocol messages, one per COBS frame; closes when the port closes. */
  readonly channel: MessageChannel
  /** Bytes between frames, in arrival order, with the time (ms since epoch) they arrived. */
  onConsoleBytes(listener: (bytes: Uint8Array, at: number) => void): () => void
  /** Each frame the decoder dropped (bad CRC, bad COBS, oversized); its bytes went to the console. */
  onDropped(listener: (reason: 'badCrc' | 'badCobs' | 'oversized', bytes: number) => void): () => void
  /** Writes bytes as they are (the console's "send line"); rejects when the port is gone. */
  writeRaw(bytes: Uint8Array): Promise<void>
  stats(): SerialLinkStats
  /** Called once when the port closes (also the channel's close: closing the channel closes the port): by us, or because the device went away (with why). */
  onClose(listener: (reason: string) => void): () => void
  close(reason?: string): Promise<void>
  readonly isOpen: boolean
}

export interface OpenSerialLinkOptions {
  path: string
  baudRate: number
}

/** Opens a port; rejects with a CoreError whose message tells a technician what to do. */
export type OpenSerialLink = (options: OpenSerialLinkOptions) => Promise<SerialLink>
