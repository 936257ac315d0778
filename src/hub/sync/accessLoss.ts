import type { Identity } from '../../shared/access/can'
import type { ChangeRow } from './feedVisibility'

// Change rows that may take resources out of someone's reach, and whom. A desktop mirrors what
// its caller may read; when the caller's own access shrinks (a grant removed or its role changed,
// the member removed, the caller leaving, a location share with the caller's organization
// removed), every resource that left its reach must leave the mirror. Pure: the row and its body
// in, the loss (if any) out; the feed expands a loss that concerns the reading caller into removal
// entries (expandAccessLoss.ts).

export interface LostSubject {
  kind: 'user' | 'api-key'
  id: string
}

export type AccessLoss =
  /** The subject's grants in the organization shrank: anything of that organization may be out of reach. */
  | { kind: 'subject'; orgId: string; subject: LostSubject }
  /** A location (and what is below it) is no longer shared with an organization. */
  | { kind: 'share'; orgId: string; locationId: string; sharedWithOrg: string }

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/** Who a grant or member row is about: `userId`, `keyId`, or `subject` in its body. */
function subjectOf(body: Record<string, unknown>): LostSubject | null {
  const userId = text(body.userId)
  if (userId !== null) return { kind: 'user', id: userId }
  const keyId = text(body.keyId)
  if (keyId !== null) return { kind: 'api-key', id: keyId }
  const subject = body.subject
  if (typeof subject === 'object' && subject !== null) {
    const { kind, id } = subject as { kind?: unknown; id?: unknown }
    const sid = text(id)
    if ((kind === 'user' || kind === 'api-key') && sid !== null) return { kind, id: sid }
  }
  return null
}

/**
 * The loss a change row records, or null. A grant update counts (a role change may limit); a grant
 * or share created never does. The feed judges what is still readable, so a loss that took
 * nothing away expands to nothing.
 */
export function accessLossOf(row: ChangeRow, body: Record<string, unknown>): AccessLoss | null {
  if (row.orgId === null) return null
  switch (row.kind) {
    case 'grant':
    case 'member': {
      if (row.op === 'create') return null
      if (row.kind === 'member' && row.op !== 'delete') return null
      const subject = subjectOf(body)
      return subject ? { kind: 'subject', orgId: row.orgId, subject } : null
    }
    case 'location-share': {
      if (row.op !== 'delete') return null
      const sharedWithOrg = text(body.orgId)
      const locationId = text(body.locationId) ?? row.resourceId
      return sharedWithOrg ? { kind: 'share', orgId: row.orgId, locationId, sharedWithOrg } : null
    }
    default:
      return null
  }
}

/** Whether the loss is the reading caller's own: its subject, or its organization's share. */
export function lossConcerns(loss: AccessLoss, identity: Identity): boolean {
  switch (loss.kind) {
    case 'subject':
      return identity.subject.kind === loss.subject.kind && identity.subject.id === loss.subject.id
    case 'share':
      return identity.grants.some(
        (g) =>
          g.subject.kind === identity.subject.kind &&
          g.subject.id === identity.subject.id &&
          (g.orgId === loss.sharedWithOrg ||
            (g.resource.kind === 'organization' && g.resource.id === loss.sharedWithOrg)),
      )
    default: {
      const unknown: never = loss
      throw new Error(`unknown access loss ${String(unknown)}`)
    }
  }
}

/**
 * The rows of one feed page at which to expand the caller's losses: for each organization and
 * scope, only the last loss of the page, since an expansion judges every resource up to its row
 * with the caller's current grants and so covers the earlier ones (leaving an organization writes
 * one grant row per grant).
 */
export function lossesToExpand(
  rows: readonly { change: ChangeRow; body: Record<string, unknown> }[],
  identity: Identity,
): Map<number, AccessLoss> {
  const last = new Map<string, { id: number; loss: AccessLoss }>()
  for (const { change, body } of rows) {
    const loss = accessLossOf(change, body)
    if (!loss || !lossConcerns(loss, identity)) continue
    const scope = loss.kind === 'share' ? `share:${loss.orgId}:${loss.locationId}` : `org:${loss.orgId}`
    last.set(scope, { id: change.id, loss })
  }
  return new Map([...last.values()].map(({ id, loss }) => [id, loss]))
}
