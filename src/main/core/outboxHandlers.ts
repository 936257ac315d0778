import type { Identity } from '../../shared/access/can'
import type { CoreParsedParams, CoreResults } from '../../shared/api/contract'
import { CoreError } from '../../shared/errors/CoreError'
import type { OutboxItem } from '../../shared/api/views'
import { isConfigEntry, type ConfigOutboxEntry } from '../cache/OutboxEdit'
import type { CacheStore } from '../cache/types'
import type { FleetAccess } from './FleetAccess'
import { configItem } from './pendingItems'

export type OutboxMethodName = 'getOutboxEdit' | 'discardOutboxEdit'
export type OutboxHandlers = {
  [M in OutboxMethodName]: (params: CoreParsedParams<M>) => Promise<CoreResults[M]>
}

export interface OutboxHandlerDeps {
  cache: CacheStore
  access(): FleetAccess
  identity(): Identity
  /** The outbox changed: the core pushes a fresh status (the pending count). */
  outboxChanged(): Promise<void>
  /** The part's config on screen may have changed (its newest edit went): views refetch. */
  fleetChanged(reason: string): void
}

/**
 * One edit in the outbox, looked at or thrown away. Both act on one entry by its sequence number, so
 * two edits of the same part (both "based on revision 5") are told apart. An entry of a machine the
 * identity cannot see is "not found", as everywhere else.
 */
export function outboxHandlers(deps: OutboxHandlerDeps): OutboxHandlers {
  const find = async (
    outboxSeq: number,
    action: 'machine.seeAllTabs' | 'machine.editConfig',
    what: string,
  ): Promise<{ entry: ConfigOutboxEntry; item: OutboxItem; all: ConfigOutboxEntry[] }> => {
    const all = (await deps.cache.listOutbox()).filter(isConfigEntry)
    const entry = all.find((e) => e.seq === outboxSeq)
    const access = deps.access()
    const part = entry && access.parts.get(entry.partId)
    if (!entry || !part)
      throw new CoreError('not-found', `No edit ${outboxSeq} is waiting in the outbox; it may have synced.`)
    const { machine } = access.visiblePart(deps.identity(), part.id)
    access.require(deps.identity(), action, machine, what)
    const item = configItem(entry, machine, part)
    return { entry, item, all }
  }

  return {
    getOutboxEdit: async ({ outboxSeq }) => {
      const { entry, item, all } = await find(outboxSeq, 'machine.seeAllTabs', 'see its configuration')
      const laterEdits = all.filter((e) => e.partId === entry.partId && e.seq > entry.seq).length
      return { item, config: entry.config, laterEdits }
    },
    discardOutboxEdit: async ({ outboxSeq }) => {
      const { item } = await find(outboxSeq, 'machine.editConfig', 'discard its edits')
      await deps.cache.removeOutboxEntries([outboxSeq])
      await deps.outboxChanged()
      deps.fleetChanged(`an edit of ${item.machineName} (${item.partName}) was discarded`)
      return { pendingCount: (await deps.cache.listOutbox()).length }
    },
  }
}
