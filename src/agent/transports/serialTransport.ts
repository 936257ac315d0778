import type { SessionSink } from '../../shared/robot/MessageChannel'
import { errorMessage } from '../../shared/errors/errorMessage'
import { createFramedLink, openLockedPort, type FramedLink } from '../../net/serial/createFramedLink'
import type { AgentTransport } from './AgentTransport'
import { serveSerialSessions } from './serialSessions'

export interface SerialTransportOptions {
  path: string
  baudRate: number
  /**
   * Text printed on the port as it opens, and again before the first answer of each session, so a
   * serial console shows what is on the port before any frame.
   */
  banner: string
  /** Waits between attempts to (re)open the port; the last one repeats. */
  retryDelaysMs?: readonly number[]
  /** Problems and state changes worth a log line (one per change, not one per retry). */
  log?: (level: 'info' | 'warn', message: string) => void
  /** After the agent ended a session itself, the next one starts this late (see serialSessions). */
  restartDelayMs?: number
}

export interface SerialTransport extends AgentTransport {
  /** The open link, while the port is open. */
  readonly link: FramedLink | null
  /** Sessions started on this port so far (over every time it was opened). */
  readonly sessionsStarted: number
}

const DEFAULT_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000] as const

/**
 * The agent on a serial port (docs/serial-protocol.md): opens the port (locked), prints the banner,
 * serves robot-protocol sessions on it one after another (serveSerialSessions), and when the port
 * goes away (cable pulled, pty gone) keeps trying to open it again with backoff, so a device that
 * comes back at the same path is served again. Stop closes the port and ends the session.
 */
export function createSerialTransport(options: SerialTransportOptions): SerialTransport {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
  const log = options.log ?? ((): void => undefined)
  let sink: SessionSink | null = null
  let link: FramedLink | null = null
  let attempts = 0
  let timer: NodeJS.Timeout | undefined
  let lastProblem = ''
  let sessionsBefore = 0
  let counter: { sessionsStarted(): number } | null = null

  const retry = (): void => {
    if (!sink) return
    const delay = delays[Math.min(attempts, delays.length - 1)] ?? 1000
    attempts++
    timer = setTimeout(() => void open(), delay)
  }

  const open = async (): Promise<void> => {
    if (!sink) return
    let opened: FramedLink
    try {
      const port = await openLockedPort({ path: options.path, baudRate: options.baudRate })
      if (!sink) {
        port.close()
        return
      }
      opened = createFramedLink(port)
    } catch (err) {
      const problem = errorMessage(err)
      if (problem !== lastProblem)
        log('warn', `serial port ${options.path} cannot be opened (retrying): ${problem}`)
      lastProblem = problem
      retry()
      return
    }
    attempts = 0
    lastProblem = ''
    link = opened
    log('info', `serving the robot protocol on ${options.path} at ${options.baudRate} baud`)
    opened.onClose((reason) => {
      if (link === opened) link = null
      if (counter) sessionsBefore += counter.sessionsStarted()
      counter = null
      if (!sink) return
      log('warn', `serial port ${options.path} closed (${reason}); reopening when it is back`)
      retry()
    })
    // Sessions listen from the start (no request is missed); the banner is still the first thing
    // written, before any answer, so a console shows what the agent is before any frame.
    counter = serveSerialSessions(opened, sink, {
      banner: options.banner,
      ...(options.restartDelayMs === undefined ? {} : { restartDelayMs: options.restartDelayMs }),
    })
    await opened.writeRaw(new TextEncoder().encode(options.banner)).catch(() => undefined)
  }

  return {
    async start(target) {
      if (sink) throw new Error('serial transport already started')
      sink = target
      await open()
    },
    async stop() {
      sink = null
      clearTimeout(timer)
      await link?.close('the agent is stopping')
      link = null
    },
    get link() {
      return link
    },
    get sessionsStarted() {
      return sessionsBefore + (counter?.sessionsStarted() ?? 0)
    },
  }
}
