import type { SerialMethodName } from '../../shared/api/channels'
import type { CoreEvents, CoreParsedParams, CoreResults } from '../../shared/api/contract'
import type { Emitter } from './Emitter'

/** The serial half of the contract: one handler per method (their checks are in CORE_PERMISSIONS). */
export type SerialHandlers = {
  [M in SerialMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]>
}

/**
 * What the core needs of the serial side (the ports list and the consoles). Declared here and
 * implemented in src/main/serial, so the core never imports it: app/startCore.ts builds one.
 */
export interface CoreSerial {
  readonly handlers: SerialHandlers
  /** Closes the consoles (and the ports they opened) and stops the hot-plug poll. */
  stop(): Promise<void>
}

/** What the core offers the serial side: its events and the cached machines it may name. */
export interface SerialHost {
  events: Emitter<CoreEvents>
  /** The cached machine with a part, when the acting identity may control it (else null). */
  machineForPart: (partId: string) => { id: string; name: string } | null
  /** Whether a part secret is remembered on this computer (a connect would need no typing). */
  hasRememberedSecret: (partId: string) => Promise<boolean>
  /** The auto-connect setting, kept in the settings store. */
  autoConnectSetting: { read(): Promise<boolean>; write(enabled: boolean): Promise<void> }
  /**
   * Opens a robot session on a port with the part secret remembered here, through the contract's
   * connectRobot (its permission check included).
   */
  connectSerialRobot: (input: { partId: string; path: string; baudRate: number }) => Promise<void>
}

export type SerialFactory = (host: SerialHost) => CoreSerial
