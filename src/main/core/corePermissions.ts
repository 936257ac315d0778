import type { Action } from '../../shared/access/can'
import type { CoreMethodName, CoreParsedParams } from '../../shared/api/contract'
import type { Location, Machine, Part } from '../../shared/domain/model'
import type { LocationId, MachineId, PartId } from '../../shared/ids'
import { MOVE_MACHINE_FROM } from '../../shared/access/moveMachineRule'

export type MachineAction = Extract<Action, `machine.${string}`>
export type LocationAction = Extract<Action, `location.${string}`>

/**
 * What a contract method touches, and so what the dispatcher checks with `can()` before its handler
 * runs. A method that names a machine, part or location must say which action it needs on it; the
 * kinds are offered only to methods whose parameters carry that id, so a check cannot point at
 * nothing. `to` completes "Your role on <machine> does not allow you to ...".
 */
export type Permission<P> =
  /** Touches and reveals nothing of the fleet; `because` says why no check is needed. */
  | { on: 'nothing'; because: string }
  /** Returns a list the handler filters item by item with `can()`; `because` says how. */
  | { on: 'visible items'; because: string }
  | (P extends { machineId: MachineId } ? { on: 'machine'; action: MachineAction; to: string } : never)
  | (P extends { partId: PartId } ? { on: 'part'; action: MachineAction; to: string } : never)
  /**
   * A robot by its part id. A part the cache knows is checked like `part`; a robot the fleet does
   * not know (found on the LAN) is left to the agent, which checks the session's role itself.
   */
  | (P extends { partId: PartId }
      ? {
          on: 'robot'
          action: MachineAction | ((params: P) => MachineAction)
          to: string | ((params: P) => string)
        }
      : never)
  | (P extends { locationId: LocationId } ? { on: 'location'; action: LocationAction; to: string } : never)

export type PermissionTable = { [M in CoreMethodName]: Permission<CoreParsedParams<M>> }

/** Every contract method's check, in one table: a method missing here does not compile. */
export const CORE_PERMISSIONS = {
  getIdentity: { on: 'nothing', because: 'who the desktop acts as is told to that user alone' },
  getStatus: { on: 'nothing', because: 'connectivity, the pending count and notices belong to this desktop' },
  getFleetTree: { on: 'visible items', because: 'the tree holds only machines the identity may control' },
  getMachine: { on: 'machine', action: 'machine.control', to: 'see it' },
  getMachineComponents: { on: 'machine', action: 'machine.control', to: 'control it' },
  getPartConfig: { on: 'part', action: 'machine.seeAllTabs', to: 'see its configuration' },
  getEffectiveConfig: { on: 'part', action: 'machine.seeAllTabs', to: 'see its configuration' },
  validateConfig: { on: 'nothing', because: 'it checks the config it is given and reads nothing' },
  savePartConfig: { on: 'part', action: 'machine.editConfig', to: 'edit its configuration' },
  getPartHistory: { on: 'part', action: 'machine.seeAllTabs', to: 'see its history' },
  getPartRevision: { on: 'part', action: 'machine.seeAllTabs', to: 'see its history' },
  getOutboxEdit: {
    on: 'visible items',
    because: 'the edit is found by its number, then checked with can() on its machine (outboxHandlers)',
  },
  discardOutboxEdit: {
    on: 'visible items',
    because: 'the edit is found by its number, then checked with can() on its machine (outboxHandlers)',
  },
  listOutbox: {
    on: 'visible items',
    because: 'only edits of machines whose CONFIGURE tab the identity sees',
  },
  getSettings: { on: 'nothing', because: "settings are this desktop's, not the fleet's" },
  updateSettings: { on: 'nothing', because: "settings are this desktop's, not the fleet's" },
  listNetworkInterfaces: {
    on: 'nothing',
    because: "this computer's network interfaces, for its own settings",
  },
  createDemoFleet: { on: 'nothing', because: 'it is offered only while the cache holds no fleet at all' },
  listNearby: {
    on: 'visible items',
    because: 'a robot names its cached machine only when the identity may control it',
  },
  listRobotSessions: {
    on: 'nothing',
    because: 'only the sessions this desktop opened, each checked when opened',
  },
  connectRobot: { on: 'robot', action: 'machine.control', to: 'connect to it' },
  disconnectRobot: {
    on: 'nothing',
    because: 'closing a session this desktop opened can only take access away',
  },
  getRobotStatus: { on: 'robot', action: 'machine.control', to: 'read its status' },
  callComponent: { on: 'robot', action: 'machine.control', to: 'control it' },
  stopAll: {
    on: 'nothing',
    because: 'stopping is the safety action: it reaches only sessions already opened under their own check',
  },
  watchRobot: {
    on: 'robot',
    action: (p) => (p.topic === 'logs' ? 'machine.seeAllTabs' : 'machine.control'),
    to: (p) => (p.topic === 'logs' ? 'read its logs' : 'watch it'),
  },
  unwatchRobot: { on: 'nothing', because: 'ending a watch can only take access away' },
  getRobotLogs: { on: 'robot', action: 'machine.seeAllTabs', to: 'read its logs' },
  applyConfigToRobot: { on: 'robot', action: 'machine.editConfig', to: 'apply a config to it' },
  addNearbyRobot: { on: 'location', action: 'location.createMachine', to: 'add machines to it' },
  createMachine: { on: 'location', action: 'location.createMachine', to: 'add machines to it' },
  renameMachine: { on: 'machine', action: 'machine.editName', to: 'rename it' },
  renamePart: { on: 'part', action: 'machine.editPartName', to: 'rename its parts' },
  // The destination is checked by the handler (moveMachineRule: location.createMachine there).
  moveMachine: { on: 'machine', action: MOVE_MACHINE_FROM, to: 'move it to another location' },
  listSerialPorts: { on: 'nothing', because: "this computer's serial ports, not the fleet's" },
  watchSerialPorts: { on: 'nothing', because: "this computer's serial ports, not the fleet's" },
  openSerialConsole: {
    on: 'nothing',
    because:
      'a port on this computer shows only what the device prints; a robot on it checks a session itself',
  },
  getSerialConsole: { on: 'nothing', because: 'a console this desktop opened on its own port' },
  sendSerialLine: {
    on: 'nothing',
    because: 'raw bytes to a port on this computer; robot calls over it go through the session and its role',
  },
  clearSerialConsole: { on: 'nothing', because: 'a console this desktop opened on its own port' },
  startSerialLog: {
    on: 'nothing',
    because: "it writes a console this desktop holds into this desktop's data folder",
  },
  stopSerialLog: { on: 'nothing', because: 'stopping a log can only take work away' },
  closeSerialConsole: { on: 'nothing', because: 'closing a console can only take access away' },
  probeSerialPort: {
    on: 'visible items',
    because:
      'it names the part a device on this computer answers with, and its cached machine only when the identity may control it',
  },
  setSerialAutoConnect: {
    on: 'nothing',
    because:
      "a setting of this desktop's; each session it opens goes through connectRobot and its own machine.control check",
  },
  hubSignIn: {
    on: 'nothing',
    because: 'the hub checks the credentials; what the desktop may do afterwards is what the hub then says',
  },
  hubSignOut: { on: 'nothing', because: 'signing out can only take access away' },
  getSyncStatus: {
    on: 'nothing',
    because:
      "this desktop's link with its hub and counts of its own outbox and of conflicts the feed showed it",
  },
  syncNow: {
    on: 'nothing',
    because:
      'it asks the hub sooner for what the hub would send anyway; every pushed edit is checked by the hub',
  },
} as const satisfies PermissionTable

/** What the dispatcher found while checking, handed to the handler so it need not look again. */
export type CheckedFor<M extends CoreMethodName> = ContextOf<(typeof CORE_PERMISSIONS)[M]>

type ContextOf<P> = P extends { on: 'machine' }
  ? { machine: Machine }
  : P extends { on: 'part' }
    ? { machine: Machine; part: Part }
    : P extends { on: 'robot' }
      ? { machine: Machine | null; part: Part | null }
      : P extends { on: 'location' }
        ? { location: Location }
        : Record<string, never>
