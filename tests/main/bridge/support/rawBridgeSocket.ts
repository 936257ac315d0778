import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

// A WebSocket client over a bare TCP socket, so that tests can send what no well-behaved library
// would: text that is not UTF-8, reserved bits and opcodes, unmasked frames, lengths past the limit,
// stray continuations. It also reads the server's frames, to see which close code came back.

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const

export interface FrameSpec {
  opcode: number
  payload: Buffer
  /** FIN bit; true unless building a fragmented message. */
  fin?: boolean
  /** RSV1-3 as a 3-bit number; 0 for a valid frame. */
  rsv?: number
  /** Clients must mask; false builds a frame the server must refuse. */
  masked?: boolean
  /** A length to announce instead of the payload's (to claim a message larger than sent). */
  announcedLength?: number
}

/** One client-to-server frame, as bytes. */
export function encodeFrame(spec: FrameSpec): Buffer {
  const fin = spec.fin ?? true
  const masked = spec.masked ?? true
  const length = spec.announcedLength ?? spec.payload.length
  const head: number[] = [(fin ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)]
  const maskBit = masked ? 0x80 : 0
  let ext = Buffer.alloc(0)
  if (length < 126) head.push(maskBit | length)
  else if (length < 0x10000) {
    head.push(maskBit | 126)
    ext = Buffer.alloc(2)
    ext.writeUInt16BE(length)
  } else {
    head.push(maskBit | 127)
    ext = Buffer.alloc(8)
    ext.writeBigUInt64BE(BigInt(length))
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ext, spec.payload])
  const mask = randomBytes(4)
  const body = Buffer.from(spec.payload)
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i % 4] as number)
  return Buffer.concat([Buffer.from(head), ext, mask, body])
}

export const textFrame = (text: string | Buffer, more: Partial<FrameSpec> = {}): Buffer =>
  encodeFrame({ opcode: OPCODE.text, payload: Buffer.isBuffer(text) ? text : Buffer.from(text), ...more })

/** A frame the server sent (servers never mask). */
export interface ServerFrame {
  opcode: number
  payload: Buffer
}

export interface HandshakeOptions {
  token: string
  host?: string
  origin?: string | null
  path?: string
}

export interface RawBridge {
  /** The HTTP status of the handshake (101 when the socket was accepted). */
  status: number
  headers: Record<string, string>
  /** What came after the handshake's headers when the server refused it. */
  body: string
  write(bytes: Buffer): void
  /** The next frame from the server; null once the connection has ended. */
  nextFrame(): Promise<ServerFrame | null>
  /** Reads frames until a close frame: its code (and reason), or null when the socket ended without one. */
  closeCode(): Promise<{ code: number; reason: string } | null>
  /** Ends the connection from this side and waits until it is gone. */
  end(): Promise<void>
}

/** Performs the opening handshake over a raw socket; resolves once the server's answer has arrived. */
export function openRawBridge(port: number, options: HandshakeOptions): Promise<RawBridge> {
  const socket: Socket = connect(port, '127.0.0.1')
  const host = options.host ?? `127.0.0.1:${port}`
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin
  const request = [
    `GET ${options.path ?? '/api'}?token=${encodeURIComponent(options.token)} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(origin === null ? [] : [`Origin: ${origin}`]),
    '',
    '',
  ].join('\r\n')

  let buffer = Buffer.alloc(0)
  let ended = false
  let wake: (() => void) | null = null
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  const notify = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    notify()
  })
  socket.on('close', () => {
    ended = true
    notify()
  })
  socket.on('error', () => undefined) // a reset by the server ends the connection: 'close' follows
  const more = (): Promise<void> => new Promise((resolve) => (wake = resolve))

  const nextFrame = async (): Promise<ServerFrame | null> => {
    for (;;) {
      const frame = takeFrame()
      if (frame) return frame
      if (ended) return null
      await more()
    }
  }
  const takeFrame = (): ServerFrame | null => {
    if (buffer.length < 2) return null
    const opcode = (buffer[0] as number) & 0x0f
    let length = (buffer[1] as number) & 0x7f
    let offset = 2
    if (length === 126) {
      if (buffer.length < 4) return null
      length = buffer.readUInt16BE(2)
      offset = 4
    } else if (length === 127) {
      if (buffer.length < 10) return null
      length = Number(buffer.readBigUInt64BE(2))
      offset = 10
    }
    if (buffer.length < offset + length) return null
    const payload = buffer.subarray(offset, offset + length)
    buffer = buffer.subarray(offset + length)
    return { opcode, payload: Buffer.from(payload) }
  }

  return new Promise((resolve, reject) => {
    socket.once('connect', () => socket.write(request))
    const onHandshake = async (): Promise<void> => {
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n')
        if (end >= 0) break
        if (ended) throw new Error(`connection closed during the handshake: ${buffer.toString()}`)
        await more()
      }
      const end = buffer.indexOf('\r\n\r\n')
      const [statusLine = '', ...headerLines] = buffer.subarray(0, end).toString().split('\r\n')
      buffer = buffer.subarray(end + 4)
      const status = Number(statusLine.split(' ')[1])
      const headers: Record<string, string> = {}
      for (const line of headerLines) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      let body = ''
      if (status !== 101) {
        while (!ended) await more()
        body = buffer.toString()
      }
      resolve({
        status,
        headers,
        body,
        write: (bytes) => {
          if (!socket.destroyed) socket.write(bytes)
        },
        nextFrame,
        closeCode: async () => {
          for (let frame = await nextFrame(); frame; frame = await nextFrame()) {
            if (frame.opcode !== OPCODE.close) continue
            const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005
            return { code, reason: frame.payload.subarray(2).toString() }
          }
          return null
        },
        end: async () => {
          socket.end()
          await gone
        },
      })
    }
    onHandshake().catch(reject)
  })
}
