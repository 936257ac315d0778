import { z } from 'zod'
import { FleetNameSchema } from '../sync/fleetNameSchema'
import { LocationIdSchema, MachineIdSchema, PartIdSchema, type MachineId, type PartId } from '../ids'
import type {
  AppStatus,
  ComponentSummary,
  EffectiveConfigView,
  FleetTree,
  HistoryView,
  IdentityView,
  MachineView,
  OutboxEditView,
  PendingItem,
  PartConfigView,
  SaveConfigResult,
  Settings,
  ValidationReport,
} from './views'
import type { LogEntry, Revision } from '../domain/model'
import type { NetworkInfo } from '../config/networkSettings'
import type { SyncProgress, SyncStatus } from './syncViews'
import type {
  AddRobotResult,
  NearbyRobot,
  RobotApplyResult,
  RobotLogsEvent,
  RobotReadingsEvent,
  RobotSessionView,
  RobotStatus,
  RobotStatusEvent,
  StopAllResult,
} from './robotViews'
import {
  DEFAULT_BAUD_RATE,
  MAX_BAUD_RATE,
  type SerialConsoleBatch,
  type SerialConsoleSnapshot,
  type SerialConsoleView,
  type SerialPortView,
  type SerialProbeResult,
} from './serialViews'
import {
  CORE_EVENT_NAMES,
  CORE_METHOD_NAMES,
  channelFor,
  eventChannelFor,
  isCoreMethod,
  type CoreEventName,
  type CoreMethodName,
} from './channels'

/**
 * The one contract between renderer and core. Each method takes one params object, validated by its
 * schema at the boundary, and resolves to the typed result. Carriers (Electron IPC, the WebSocket
 * bridge) derive their channel names from the method names: never typed by hand.
 */
const noParams = z.object({}).strict()

export const SettingsPatchSchema = z
  .object({
    theme: z.enum(['dark', 'light']),
    hubUrl: z.string().url().max(2000).nullable(),
    discoveryInterface: z.string().min(1).max(100),
    iceNetworks: z.string().min(1).max(500),
  })
  .partial()
  .strict()

/** A port by its path: `/dev/ttyUSB0`, `COM3`, or a pseudo-terminal's link (`/tmp/ttyV0`). */
const SerialPathSchema = z.string().min(1).max(1000)
const serialPath = z.object({ path: SerialPathSchema }).strict()

export const coreMethods = {
  getIdentity: noParams,
  getStatus: noParams,
  getFleetTree: noParams,
  getMachine: z.object({ machineId: MachineIdSchema }).strict(),
  getMachineComponents: z.object({ machineId: MachineIdSchema }).strict(),
  getPartConfig: z.object({ partId: PartIdSchema }).strict(),
  getEffectiveConfig: z.object({ partId: PartIdSchema }).strict(),
  validateConfig: z.object({ config: z.unknown() }).strict(),
  savePartConfig: z
    .object({ partId: PartIdSchema, baseRevision: z.number().int().min(0), config: z.unknown() })
    .strict(),
  getPartHistory: z.object({ partId: PartIdSchema }).strict(),
  getPartRevision: z.object({ partId: PartIdSchema, revision: z.number().int().min(1) }).strict(),
  listOutbox: noParams,
  /** One edit waiting in the outbox, with its config (the list leaves configs out). */
  getOutboxEdit: z.object({ outboxSeq: z.number().int().min(1) }).strict(),
  /** Drops one edit from the outbox for good: it never reaches the hub (an owner's decision). */
  discardOutboxEdit: z.object({ outboxSeq: z.number().int().min(1) }).strict(),
  /** Fleet edits: made in the cache at once and pushed to the hub through the outbox. */
  createMachine: z.object({ locationId: LocationIdSchema, name: FleetNameSchema }).strict(),
  renameMachine: z.object({ machineId: MachineIdSchema, name: FleetNameSchema }).strict(),
  renamePart: z.object({ partId: PartIdSchema, name: FleetNameSchema }).strict(),
  moveMachine: z.object({ machineId: MachineIdSchema, locationId: LocationIdSchema }).strict(),
  getSettings: noParams,
  updateSettings: SettingsPatchSchema,
  createDemoFleet: noParams,
  listNetworkInterfaces: noParams,
  listNearby: noParams,
  listRobotSessions: noParams,
  connectRobot: z
    .object({
      partId: PartIdSchema,
      /**
       * Where the robot is: its signaling endpoint on the LAN (defaults to where discovery saw
       * it), or a serial port and the baud rate to open it at.
       */
      address: z
        .union([
          z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }).strict(),
          z.object({ path: SerialPathSchema, baudRate: z.number().int().min(1).max(MAX_BAUD_RATE) }).strict(),
        ])
        .optional(),
      auth: z.discriminatedUnion('kind', [
        z
          .object({ kind: z.literal('secret'), secret: z.string().min(1).max(500), remember: z.boolean() })
          .strict(),
        z.object({ kind: z.literal('token'), token: z.string().min(1).max(8192) }).strict(),
        z.object({ kind: z.literal('remembered') }).strict(),
      ]),
    })
    .strict(),
  disconnectRobot: z.object({ partId: PartIdSchema }).strict(),
  getRobotStatus: z.object({ partId: PartIdSchema }).strict(),
  callComponent: z
    .object({
      partId: PartIdSchema,
      name: z.string().min(1).max(200),
      method: z.string().min(1).max(100),
      args: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  stopAll: noParams,
  watchRobot: z
    .object({
      partId: PartIdSchema,
      topic: z.enum(['logs', 'readings', 'status']),
      /** For readings: which resources, and how often (ms). */
      names: z.array(z.string().min(1).max(200)).max(100).optional(),
      intervalMs: z.number().int().min(50).max(60_000).optional(),
    })
    .strict(),
  unwatchRobot: z.object({ partId: PartIdSchema, topic: z.enum(['logs', 'readings', 'status']) }).strict(),
  getRobotLogs: z
    .object({ partId: PartIdSchema, limit: z.number().int().min(1).max(100_000).default(5000) })
    .strict(),
  applyConfigToRobot: z.object({ partId: PartIdSchema }).strict(),
  addNearbyRobot: z
    .object({
      partId: PartIdSchema,
      locationId: LocationIdSchema,
      name: z.string().min(1).max(100),
    })
    .strict(),
  listSerialPorts: noParams,
  /** Keeps the hot-plug poll going for `leaseMs`; a window renews it while it shows the list. */
  watchSerialPorts: noParams,
  openSerialConsole: z
    .object({
      path: SerialPathSchema,
      baudRate: z.number().int().min(1).max(MAX_BAUD_RATE).default(DEFAULT_BAUD_RATE),
    })
    .strict(),
  getSerialConsole: serialPath,
  sendSerialLine: z
    .object({
      path: SerialPathSchema,
      text: z.string().max(64 * 1024),
      lineEnding: z.enum(['none', 'lf', 'cr', 'crlf']).default('lf'),
    })
    .strict(),
  clearSerialConsole: serialPath,
  startSerialLog: serialPath,
  stopSerialLog: serialPath,
  /**
   * Closes the console and the port it opened. With `keepForSession` the console stays with its
   * lines (and its log) while a robot session opens the port, and listens to that session's link.
   */
  closeSerialConsole: z
    .object({ path: SerialPathSchema, keepForSession: z.boolean().default(false) })
    .strict(),
  /**
   * Asks the device on a port who it is (`session.challenge`, within a few seconds): its part id
   * and the cached machine with it, or that it is a plain serial device. A port a robot session
   * holds is refused; a port the probe opened itself is closed again.
   */
  probeSerialPort: z
    .object({
      path: SerialPathSchema,
      baudRate: z.number().int().min(1).max(MAX_BAUD_RATE).default(DEFAULT_BAUD_RATE),
    })
    .strict(),
  /**
   * Turns auto-connect on or off (kept in the settings): a port newly listed is asked who it is,
   * and a robot that answers, with its secret remembered here, gets a session. Off by default.
   */
  setSerialAutoConnect: z.object({ enabled: z.boolean() }).strict(),
  /**
   * Signs in to a hub: its address, then an email and password (a session) or an API key. The
   * credentials are checked by the hub before anything is stored; the session or key is kept
   * sealed, never in plain text.
   */
  hubSignIn: z
    .object({
      hubUrl: z.string().min(1).max(2000),
      auth: z.discriminatedUnion('kind', [
        z
          .object({
            kind: z.literal('password'),
            email: z.string().min(3).max(320),
            password: z.string().min(1).max(1024),
          })
          .strict(),
        z
          .object({
            kind: z.literal('api-key'),
            keyId: z.string().min(1).max(200),
            secret: z.string().min(1).max(1000),
          })
          .strict(),
      ]),
    })
    .strict(),
  /** Signs out: the session is revoked on the hub (when reachable) and the stored credentials and identity go; the outbox stays. */
  hubSignOut: noParams,
  getSyncStatus: noParams,
  /** Pulls and pushes now rather than at the next nudge or poll. */
  syncNow: noParams,
} as const satisfies Record<CoreMethodName, z.ZodType> // exactly the names in channels.ts, no more, no fewer
export type CoreParams<M extends CoreMethodName> = z.input<(typeof coreMethods)[M]>
export type CoreParsedParams<M extends CoreMethodName> = z.output<(typeof coreMethods)[M]>

export interface CoreResults {
  getIdentity: IdentityView
  getStatus: AppStatus
  getFleetTree: FleetTree
  getMachine: MachineView
  getMachineComponents: ComponentSummary[]
  getPartConfig: PartConfigView
  getEffectiveConfig: EffectiveConfigView
  validateConfig: ValidationReport
  savePartConfig: SaveConfigResult
  getPartHistory: HistoryView
  getPartRevision: Revision
  listOutbox: PendingItem[]
  getOutboxEdit: OutboxEditView
  discardOutboxEdit: { pendingCount: number }
  createMachine: { machineId: MachineId; partId: PartId; pendingCount: number }
  renameMachine: { pendingCount: number }
  renamePart: { pendingCount: number }
  moveMachine: { pendingCount: number }
  getSettings: Settings
  updateSettings: Settings
  createDemoFleet: { machines: number }
  listNetworkInterfaces: NetworkInfo
  listNearby: NearbyRobot[]
  listRobotSessions: RobotSessionView[]
  connectRobot: RobotSessionView
  disconnectRobot: RobotSessionView | null
  getRobotStatus: RobotStatus
  callComponent: unknown
  stopAll: StopAllResult
  watchRobot: { watching: true }
  unwatchRobot: { watching: false }
  getRobotLogs: LogEntry[]
  applyConfigToRobot: RobotApplyResult
  addNearbyRobot: AddRobotResult
  listSerialPorts: SerialPortView[]
  watchSerialPorts: { watching: true; leaseMs: number }
  openSerialConsole: SerialConsoleSnapshot
  getSerialConsole: SerialConsoleSnapshot | null
  sendSerialLine: { bytes: number }
  clearSerialConsole: SerialConsoleView
  startSerialLog: SerialConsoleView
  stopSerialLog: SerialConsoleView & { logBytes: number; loggedTo: string | null }
  closeSerialConsole: SerialConsoleView | null
  probeSerialPort: SerialProbeResult
  setSerialAutoConnect: { enabled: boolean }
  hubSignIn: SyncStatus
  hubSignOut: SyncStatus
  getSyncStatus: SyncStatus
  syncNow: SyncStatus
}

/** Events pushed from core to renderer. */
export interface CoreEvents {
  /** Connectivity, pending count or notices changed. */
  status: AppStatus
  /** The fleet tree changed (a sync, a demo fleet, a rename): refetch what is shown. */
  fleetChanged: { reason: string }
  /** The robots seen on the LAN changed. */
  nearby: NearbyRobot[]
  /** A robot session changed state. */
  robotSession: RobotSessionView
  /** Live log entries from a watched robot, batched. */
  robotLogs: RobotLogsEvent
  /** Readings from a watched robot. */
  robotReadings: RobotReadingsEvent
  /** Status (resources, revision, uptime) from a watched robot. */
  robotStatus: RobotStatusEvent
  /** The serial ports changed (a device plugged or pulled); sent while some window watches. */
  serialPorts: SerialPortView[]
  /** New lines of a serial console, batched. */
  serialConsole: SerialConsoleBatch
  /** A serial console opened, closed, was cleared or started or stopped logging. */
  serialConsoleState: SerialConsoleView
  /** Sync with the hub changed: connection, counts, last sync. */
  syncStatus: SyncStatus
  /** A pull applied another page (a first full pull of a large fleet takes a while). */
  syncProgress: SyncProgress
}
// Every event name has a payload type, and every payload type a name.
const _eventsMatch: Record<keyof CoreEvents, true> & Record<CoreEventName, true> = {
  status: true,
  fleetChanged: true,
  nearby: true,
  robotSession: true,
  robotLogs: true,
  robotReadings: true,
  robotStatus: true,
  serialPorts: true,
  serialConsole: true,
  serialConsoleState: true,
  syncStatus: true,
  syncProgress: true,
}
void _eventsMatch
export const coreEventNames: readonly CoreEventName[] = CORE_EVENT_NAMES

/** What the renderer calls: every method returns a promise; every event is `on(name, fn) => unsubscribe`. */
export type CoreApi = {
  [M in CoreMethodName]: (params: CoreParams<M>) => Promise<CoreResults[M]>
}
export interface CoreEventSource {
  on<E extends CoreEventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void
}

export const coreMethodNames: readonly CoreMethodName[] = CORE_METHOD_NAMES
export { channelFor, eventChannelFor, isCoreMethod, type CoreEventName, type CoreMethodName }
