/**
 * The names of the contract's methods and events, free of any dependency so that the sandboxed
 * preload can import them without bundling a schema library. contract.ts checks at compile time
 * that its schemas cover exactly these names.
 */

/** Methods on the cached fleet. */
export const FLEET_METHOD_NAMES = [
  'getIdentity',
  'getStatus',
  'getFleetTree',
  'getMachine',
  'getMachineComponents',
  'getPartConfig',
  'getEffectiveConfig',
  'validateConfig',
  'savePartConfig',
  'getPartHistory',
  'getPartRevision',
  'listOutbox',
  'getOutboxEdit',
  'discardOutboxEdit',
  'createMachine',
  'renameMachine',
  'renamePart',
  'moveMachine',
  'getSettings',
  'updateSettings',
  'createDemoFleet',
  'listNetworkInterfaces',
] as const
export type FleetMethodName = (typeof FLEET_METHOD_NAMES)[number]

/** Methods on robots: discovery, sessions, control (served by the core's RobotService). */
export const ROBOT_METHOD_NAMES = [
  'listNearby',
  'listRobotSessions',
  'connectRobot',
  'disconnectRobot',
  'getRobotStatus',
  'callComponent',
  'stopAll',
  'watchRobot',
  'unwatchRobot',
  'getRobotLogs',
  'applyConfigToRobot',
  'addNearbyRobot',
] as const
export type RobotMethodName = (typeof ROBOT_METHOD_NAMES)[number]

/** Methods on this computer's serial ports and their consoles (served by the core's SerialService). */
export const SERIAL_METHOD_NAMES = [
  'listSerialPorts',
  'watchSerialPorts',
  'openSerialConsole',
  'getSerialConsole',
  'sendSerialLine',
  'clearSerialConsole',
  'startSerialLog',
  'stopSerialLog',
  'closeSerialConsole',
  'probeSerialPort',
  'setSerialAutoConnect',
] as const
export type SerialMethodName = (typeof SERIAL_METHOD_NAMES)[number]

/** Methods on the link with the fleet's hub: sign-in and sync (served by the core's SyncService). */
export const SYNC_METHOD_NAMES = ['hubSignIn', 'hubSignOut', 'getSyncStatus', 'syncNow'] as const
export type SyncMethodName = (typeof SYNC_METHOD_NAMES)[number]

export const CORE_METHOD_NAMES = [
  ...FLEET_METHOD_NAMES,
  ...ROBOT_METHOD_NAMES,
  ...SERIAL_METHOD_NAMES,
  ...SYNC_METHOD_NAMES,
] as const
export type CoreMethodName = (typeof CORE_METHOD_NAMES)[number]

export const CORE_EVENT_NAMES = [
  'status',
  'fleetChanged',
  'nearby',
  'robotSession',
  'robotLogs',
  'robotReadings',
  'robotStatus',
  'serialPorts',
  'serialConsole',
  'serialConsoleState',
  'syncStatus',
  'syncProgress',
] as const
export type CoreEventName = (typeof CORE_EVENT_NAMES)[number]

/** Channel naming shared by the preload, the shell and the WebSocket bridge: never typed by hand. */
export const channelFor = (method: CoreMethodName): string => `core:${method}`
export const eventChannelFor = (event: CoreEventName): string => `core-event:${event}`

export function isCoreMethod(name: string): name is CoreMethodName {
  return (CORE_METHOD_NAMES as readonly string[]).includes(name)
}
export function isCoreEvent(name: string): name is CoreEventName {
  return (CORE_EVENT_NAMES as readonly string[]).includes(name)
}
