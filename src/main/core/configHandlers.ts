import { CoreError } from '../../shared/errors/CoreError'
import type { PendingEdit } from '../../shared/api/views'
import { validateMachineConfig, type MachineConfig } from '../../shared/config/machineConfigSchema'
import { configToShow } from '../cache/configToShow'
import { loadEffectiveConfig } from '../cache/effectiveConfigFor'
import type { ConfigOutboxEntry } from '../cache/OutboxEdit'
import type { HandlersFor } from './CoreDispatcher'
import type { CoreHost } from './CoreHost'
import { editAuthor } from './fleetEditHandlers'
import { pendingItems } from './pendingItems'
import { planConfigSave } from './planConfigSave'

export type ConfigMethodName =
  | 'getPartConfig'
  | 'getEffectiveConfig'
  | 'validateConfig'
  | 'savePartConfig'
  | 'getPartHistory'
  | 'getPartRevision'
  | 'listOutbox'

/** What a part without any config shows: an empty one, ready to be written. */
const EMPTY_CONFIG: MachineConfig = { components: [], services: [] }

export function pendingView(entry: ConfigOutboxEntry): PendingEdit {
  const { seq, partId, baseRevision, savedAt, author, rejection } = entry
  return { outboxSeq: seq, partId, baseRevision, savedAt, author, rejection }
}

/**
 * Configs, their history and the outbox of local edits. Each handler runs after the dispatcher's
 * check (CORE_PERMISSIONS), and gets the part and machine the check looked up.
 */
export function configHandlers(host: CoreHost): HandlersFor<ConfigMethodName> {
  const { cache } = host
  return {
    getPartConfig: async ({ partId }) => {
      const cached = await cache.getPartConfig(partId)
      return {
        partId,
        revision: cached.revision,
        config: configToShow(cached) ?? EMPTY_CONFIG,
        pending: cached.pending ? pendingView(cached.pending) : null,
      }
    },
    getEffectiveConfig: async ({ partId }) => {
      const cached = await cache.getPartConfig(partId)
      const own = configToShow(cached) ?? EMPTY_CONFIG
      const { fragments, ...effective } = await loadEffectiveConfig(cache, own)
      return {
        partId,
        revision: cached.revision,
        config: own,
        fragments,
        effective: effective.ok
          ? { ok: true, config: effective.config, resources: effective.resources }
          : { ok: false, errors: effective.errors, conflicts: effective.conflicts },
      }
    },
    validateConfig: async ({ config }) => {
      const result = validateMachineConfig(config)
      return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors }
    },
    savePartConfig: async ({ partId, baseRevision, config }, { part, machine }) => {
      const plan = planConfigSave({
        baseRevision,
        cachedRevision: part.revision,
        machineName: machine.name,
        config,
      })
      if (!plan.ok) throw new CoreError('invalid-argument', plan.message, plan.fieldErrors)
      const entry = await cache.saveLocalEdit({
        partId,
        baseRevision,
        config: plan.config,
        author: editAuthor(host),
      })
      await host.outboxChanged()
      const status = await host.status()
      return { pending: pendingView(entry), pendingCount: status.pendingCount }
    },
    getPartHistory: async ({ partId }) => ({ partId, revisions: await cache.getHistory(partId) }),
    getPartRevision: async ({ partId, revision }, { machine }) => {
      const rev = await cache.getRevision(partId, revision)
      if (!rev)
        throw new CoreError('not-found', `Revision ${revision} of ${machine.name} is not in the cache.`)
      return rev
    },
    listOutbox: async () => pendingItems(await cache.listOutbox(), host.access(), host.identity()),
  }
}
