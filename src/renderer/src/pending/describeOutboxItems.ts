import type { OutboxItem } from '../../../shared/api/views'

export interface DescribedOutboxItem {
  item: OutboxItem
  /** 1-based among the edits of the same part, oldest first. */
  ordinal: number
  /** Edits waiting for this part in all. */
  ofPart: number
  /** The newest edit of its part: the config CONFIGURE shows. */
  newest: boolean
  /** Tells two edits of one part apart ("edit 2 of 2, newest"); empty for a part's only edit. */
  label: string
}

/**
 * Numbers the edits of each part in the order they were saved. Two edits of one part are both "based
 * on revision 5" (the hub has not answered in between), so the number and "newest" are what tell
 * them apart, and which one the editor shows.
 */
export function describeOutboxItems(items: readonly OutboxItem[]): DescribedOutboxItem[] {
  const byPart = new Map<string, OutboxItem[]>()
  for (const item of items) {
    const list = byPart.get(item.partId) ?? []
    list.push(item)
    byPart.set(item.partId, list)
  }
  for (const list of byPart.values()) list.sort((a, b) => a.outboxSeq - b.outboxSeq)
  return items.map((item) => {
    const list = byPart.get(item.partId) ?? [item]
    const ordinal = list.indexOf(item) + 1
    const newest = ordinal === list.length
    const label = list.length > 1 ? `edit ${ordinal} of ${list.length}${newest ? ', newest' : ''}` : ''
    return { item, ordinal, ofPart: list.length, newest, label }
  })
}

/** "1 edit", "3 edits". */
export function editCount(n: number): string {
  return `${n} edit${n === 1 ? '' : 's'}`
}
