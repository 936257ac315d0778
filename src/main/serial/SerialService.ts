import { join } from 'node:path'
import { SERIAL_METHOD_NAMES } from '../../shared/api/channels'
import type { CoreEvents } from '../../shared/api/contract'
import { SERIAL_PROBE_TIMEOUT_MS, type SerialPortView } from '../../shared/api/serialViews'
import { CoreError } from '../../shared/errors/CoreError'
import { errorMessage } from '../../shared/errors/errorMessage'
import type { CoreSerial, SerialHandlers } from '../core/CoreSerial'
import type { Emitter } from '../core/Emitter'
import { ConsoleLog } from './console/ConsoleLog'
import { lineEndingText } from './console/lineEndingBytes'
import { SerialConsole } from './console/SerialConsole'
import type { OpenSerialLink, SerialLink } from './link/SerialLink'
import { probePort } from './probe/probePort'
import { listSerialPorts } from './ports/listSerialPorts'
import { SerialPortWatcher } from './ports/SerialPortWatcher'
import { SerialAutoConnect } from './autoConnect/SerialAutoConnect'

export { SERIAL_METHOD_NAMES }

/** The part of the open-links registry the consoles use. */
export interface SerialLinkRegistry {
  get(path: string): SerialLink | undefined
  add(link: SerialLink): void
  onOpen(listener: (link: SerialLink) => void): () => void
}

export interface SerialServiceOptions {
  events: Emitter<CoreEvents>
  /** Opens a port for a console of a device that speaks no frames (or before a session holds it). */
  openLink: OpenSerialLink
  /**
   * The process's open links by path (serialcore's SerialLinks): a console listens to the link a
   * robot session holds instead of opening the port again, and the links it opens are listed there
   * so a session can share them.
   */
  links?: SerialLinkRegistry
  /** Where "log to file" writes (the data folder's `serial-logs`). */
  logDir: string
  /** The ports lister (tests pass a fixed one); unused when `watcher` is given. */
  listPorts?: () => Promise<SerialPortView[]>
  /** The process's port watcher, shared with the robot sessions that follow a device (startCore). */
  watcher?: SerialPortWatcher
  pollIntervalMs?: number
  /** The cached machine with a part, when the identity may control it (the probe names it). */
  machineForPart?: (partId: string) => { id: string; name: string } | null
  /** Whether a part secret is remembered on this computer (the probe says so). */
  hasRememberedSecret?: (partId: string) => Promise<boolean>
  /** How long a probe waits for `session.challenge` to be answered. */
  probeTimeoutMs?: number
  /** The auto-connect setting (in the settings store); without it auto-connect stays off. */
  autoConnectSetting?: { read(): Promise<boolean>; write(enabled: boolean): Promise<void> }
  /** Opens a robot session on a port with the remembered secret (auto-connect). */
  connectSerialRobot?: (input: { partId: string; path: string; baudRate: number }) => Promise<void>
}

/**
 * This computer's serial ports and their consoles: the list (polled for hot-plug while a window
 * watches) and one console per path, shared by every window, fed by the port's own link or by the
 * link a robot session holds.
 */
export class SerialService implements CoreSerial {
  readonly handlers: SerialHandlers
  private readonly consoles = new Map<string, SerialConsole>()
  private readonly opening = new Map<string, Promise<void>>()
  private readonly watcher: SerialPortWatcher
  private readonly offLinks: () => void
  private readonly offPorts: () => void
  private readonly auto: SerialAutoConnect
  private stopped = false

  constructor(private readonly options: SerialServiceOptions) {
    const { events } = options
    this.watcher =
      options.watcher ??
      new SerialPortWatcher({
        list: options.listPorts ?? (() => listSerialPorts()),
        ...(options.pollIntervalMs ? { intervalMs: options.pollIntervalMs } : {}),
      })
    this.auto = new SerialAutoConnect({
      latest: async () => this.watcher.latestPorts ?? (await this.watcher.list()),
      hold: (on) => this.watcher.hold(on),
      openHere: (path) => options.links?.get(path)?.isOpen === true,
      probe: (path, baudRate) => this.handlers.probeSerialPort({ path, baudRate }),
      connect: (input) =>
        options.connectSerialRobot?.(input) ?? Promise.reject(new Error('no robot sessions here')),
    })
    this.offPorts = this.watcher.onChanged((ports) => {
      events.emit('serialPorts', ports)
      this.auto.listed(ports)
    })
    void options.autoConnectSetting
      ?.read()
      .then((on) => (this.stopped ? undefined : this.auto.setEnabled(on)))
      .catch((err: unknown) => console.error(`reading the auto-connect setting failed: ${errorMessage(err)}`))
    // A robot session that opens a port whose console was left open (closed when the cable went)
    // feeds it again: the console shows the text the device prints between frames.
    this.offLinks =
      options.links?.onOpen((link) => {
        const c = this.consoles.get(link.path)
        if (c && !c.isOpen && !this.opening.has(link.path)) c.attach(link, true)
      }) ?? (() => undefined)
    this.handlers = {
      listSerialPorts: () => this.watcher.list(),
      watchSerialPorts: () => Promise.resolve({ watching: true, ...this.watcher.watch() }),
      openSerialConsole: async ({ path, baudRate }) => {
        await this.open(path, baudRate)
        return this.console(path).snapshot()
      },
      getSerialConsole: ({ path }) => Promise.resolve(this.consoles.get(path)?.snapshot() ?? null),
      sendSerialLine: async ({ path, text, lineEnding }) => {
        const c = this.openConsole(path)
        try {
          return { bytes: await c.send(text + lineEndingText(lineEnding)) }
        } catch (err) {
          throw new CoreError('unavailable', `Could not send to ${path}: ${errorMessage(err)}`)
        }
      },
      clearSerialConsole: ({ path }) => {
        const c = this.console(path)
        c.clear()
        return Promise.resolve(c.view())
      },
      startSerialLog: async ({ path }) => {
        const c = this.console(path)
        if (!c.logging) {
          try {
            c.setLog(await ConsoleLog.open(options.logDir, path))
          } catch (err) {
            throw new CoreError(
              'unavailable',
              `Could not start a log in ${options.logDir}: ${errorMessage(err)}`,
            )
          }
        }
        return c.view()
      },
      stopSerialLog: async ({ path }) => {
        const c = this.console(path)
        const log = c.logging
        c.setLog(null)
        await log?.close()
        return { ...c.view(), logBytes: log?.bytes ?? 0, loggedTo: log?.file ?? null }
      },
      probeSerialPort: ({ path, baudRate }) => {
        const link = options.links?.get(path)
        const c = this.consoles.get(path)
        return probePort({
          path,
          baudRate,
          timeoutMs: options.probeTimeoutMs ?? SERIAL_PROBE_TIMEOUT_MS,
          held: link?.isOpen ? { link, console: c?.ownsLink === true } : null,
          openLink: options.openLink,
          machineForPart: options.machineForPart ?? (() => null),
          hasRememberedSecret: options.hasRememberedSecret ?? (() => Promise.resolve(false)),
        })
      },
      setSerialAutoConnect: async ({ enabled }) => {
        const setting = options.autoConnectSetting
        if (!setting) throw new CoreError('unavailable', 'Auto-connect is not available here.')
        await setting.write(enabled)
        await this.auto.setEnabled(enabled)
        return { enabled }
      },
      closeSerialConsole: async ({ path, keepForSession }) => {
        const c = this.consoles.get(path)
        if (!c) return null
        if (keepForSession) {
          // The session's link reaches the console through the registry's onOpen.
          await c.close('handed to a robot session')
          return c.view()
        }
        await this.stopLog(c)
        await c.close()
        this.consoles.delete(path)
        return c.view()
      },
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.offLinks()
    this.offPorts()
    await this.auto.setEnabled(false)
    this.watcher.stop()
    await this.auto.settled()
    await Promise.all(
      [...this.consoles.values()].map(async (c) => {
        await this.stopLog(c)
        await c.close('Fleetdesk closed').catch(() => undefined)
      }),
    )
    this.consoles.clear()
  }

  private async stopLog(c: SerialConsole): Promise<void> {
    const log = c.logging
    if (!log) return
    c.setLog(null)
    await log.close()
  }

  private console(path: string): SerialConsole {
    const c = this.consoles.get(path)
    if (!c) throw new CoreError('not-found', `No console is open on ${path}.`)
    return c
  }

  private openConsole(path: string): SerialConsole {
    const c = this.console(path)
    if (!c.isOpen)
      throw new CoreError('failed-precondition', `The console on ${path} is closed: open it again.`)
    return c
  }

  /** Opens (or joins) the console on a path; one opening at a time per path. */
  private async open(path: string, baudRate: number): Promise<void> {
    const inFlight = this.opening.get(path)
    if (inFlight) return inFlight
    const existing = this.consoles.get(path)
    if (existing?.isOpen) {
      // Port and baud are locked while connected: a second window joins at the same rate.
      if (existing.baudRate !== baudRate) {
        throw new CoreError(
          'failed-precondition',
          `${path} is open at ${existing.baudRate} baud. Close the console first to change the baud rate.`,
        )
      }
      return
    }
    const c = existing ?? new SerialConsole(path, baudRate, this.consoleEvents())
    c.baudRate = baudRate
    this.consoles.set(path, c)
    const attempt = this.attach(c, path, baudRate).finally(() => this.opening.delete(path))
    this.opening.set(path, attempt)
    return attempt
  }

  private async attach(c: SerialConsole, path: string, baudRate: number): Promise<void> {
    const held = this.options.links?.get(path)
    if (held?.isOpen) {
      c.attach(held, true)
      return
    }
    try {
      const link = await this.options.openLink({ path, baudRate })
      c.attach(link, false)
      this.options.links?.add(link)
    } catch (err) {
      const message = errorMessage(err)
      c.failed(message)
      throw err instanceof CoreError ? err : new CoreError('unavailable', message)
    }
  }

  private consoleEvents(): ConstructorParameters<typeof SerialConsole>[2] {
    const { events } = this.options
    return {
      batch: (batch) => events.emit('serialConsole', batch),
      state: (view) => events.emit('serialConsoleState', view),
    }
  }
}

/** Where a data folder keeps serial console logs. */
export const serialLogDir = (dataDir: string): string => join(dataDir, 'serial-logs')
