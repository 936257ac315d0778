import { z } from 'zod'
import { MachineIdSchema, PartIdSchema } from '../ids'
import type {
  AppStatus, ComponentSummary, FleetTree, HistoryView, IdentityView, MachineView, OutboxItem, PartConfigView,
  SaveConfigResult, Settings, ValidationReport,
} from './views'
import type { Revision } from '../domain/model'
import {
  CORE_EVENT_NAMES, CORE_METHOD_NAMES, channelFor, eventChannelFor, isCoreMethod, type CoreEventName, type CoreMethodName,
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
  })
  .partial()
  .strict()

export const coreMethods = {
  getIdentity: noParams,
  getStatus: noParams,
  getFleetTree: noParams,
  getMachine: z.object({ machineId: MachineIdSchema }).strict(),
  getMachineComponents: z.object({ machineId: MachineIdSchema }).strict(),
  getPartConfig: z.object({ partId: PartIdSchema }).strict(),
  validateConfig: z.object({ config: z.unknown() }).strict(),
  savePartConfig: z
    .object({ partId: PartIdSchema, baseRevision: z.number().int().min(0), config: z.unknown() })
    .strict(),
  getPartHistory: z.object({ partId: PartIdSchema }).strict(),
  getPartRevision: z.object({ partId: PartIdSchema, revision: z.number().int().min(1) }).strict(),
  listOutbox: noParams,
  getSettings: noParams,
  updateSettings: SettingsPatchSchema,
  createDemoFleet: noParams,
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
  validateConfig: ValidationReport
  savePartConfig: SaveConfigResult
  getPartHistory: HistoryView
  getPartRevision: Revision
  listOutbox: OutboxItem[]
  getSettings: Settings
  updateSettings: Settings
  createDemoFleet: { machines: number }
}

/** Events pushed from core to renderer. */
export interface CoreEvents {
  /** Connectivity, pending count or notices changed. */
  status: AppStatus
  /** The fleet tree changed (a sync, a demo fleet, a rename): refetch what is shown. */
  fleetChanged: { reason: string }
}
// Every event name has a payload type, and every payload type a name.
const _eventsMatch: Record<keyof CoreEvents, true> & Record<CoreEventName, true> = { status: true, fleetChanged: true }
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
