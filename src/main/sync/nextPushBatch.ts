import { MAX_PUSH_EDITS } from '../../shared/sync/hubWire'
import type { OutboxEntry } from '../cache/OutboxEdit'

/** How this cycle's earlier pushes answered an edit still in the outbox. */
export type Answered = 'acknowledged' | 'retry'

export interface PushBatch {
  /** The edits to push now, oldest first. */
  batch: OutboxEntry[]
  /**
   * Edits that can never apply because the hub refused the create they depend on: they are marked
   * rejected with this reason (kept, so the user sees them), and no longer block later edits.
   */
  held: { seq: number; reason: string }[]
}

const machineKey = (id: string): string => `machine:${id}`
const partKey = (id: string): string => `part:${id}`

/** What an entry creates on the hub, if it is a create. */
function creates(e: OutboxEntry): string | null {
  if (e.kind === 'machine.create') return machineKey(e.machineId)
  if (e.kind === 'part.create') return partKey(e.partId)
  return null
}

/** The machine or part that must exist on the hub before the entry can apply. */
function needs(e: OutboxEntry): string | null {
  switch (e.kind) {
    case 'machine.create':
      return null
    case 'part.create':
    case 'machine.rename':
    case 'machine.move':
      return machineKey(e.machineId)
    case 'config':
    case 'part.rename':
      return partKey(e.partId)
  }
}

/**
 * The next push. Pure. Edits go in seq order, and a batch is a prefix of what is left to send: the
 * hub refuses a seq lower than one it has seen, so an edit held back could never be sent after a
 * later one. An edit on a machine or part whose create is still in the outbox waits until the hub
 * acknowledged that create: the batch stops before it (the next push, after the answer, carries
 * it). A create the hub refused, or one held itself, holds its dependants for good.
 *
 * Entries already answered for good (rejected, in a conflict) and those `answered` this cycle are
 * skipped; a create answered `retry` is not known to the hub yet, so its dependants wait.
 */
export function nextPushBatch(
  outbox: readonly OutboxEntry[],
  answered: ReadonlyMap<number, Answered> = new Map(),
  max = MAX_PUSH_EDITS,
): PushBatch {
  const batch: OutboxEntry[] = []
  const held: PushBatch['held'] = []
  /** Creates in the outbox the hub has not acknowledged: pending, being sent, or to be retried. */
  const unknown = new Set<string>()
  /** Creates that will never apply, with the reason their dependants are held. */
  const refused = new Map<string, string>()
  for (const e of [...outbox].sort((a, b) => a.seq - b.seq)) {
    const made = creates(e)
    const need = needs(e)
    if (e.rejection !== null || e.conflictId !== undefined) {
      if (made) refused.set(made, `the hub refused it: ${e.rejection ?? 'in a conflict'}`)
      continue
    }
    const answer = answered.get(e.seq)
    if (answer === 'acknowledged') continue
    if (answer === 'retry') {
      if (made) unknown.add(made)
      continue
    }
    const refusal = need === null ? undefined : refused.get(need)
    if (refusal !== undefined) {
      held.push({
        seq: e.seq,
        reason: `It waits for ${describe(need as string)} to be created, but ${refusal}`,
      })
      if (made) refused.set(made, `${describe(need as string)} was never created`)
      continue
    }
    if (need !== null && unknown.has(need)) break
    if (batch.length >= max) break
    batch.push(e)
    if (made) unknown.add(made)
  }
  return { batch, held }
}

function describe(key: string): string {
  const [kind, id] = key.split(':')
  return `${kind === 'machine' ? 'machine' : 'part'} ${id ?? ''}`
}
