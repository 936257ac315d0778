import { can, type Action, type Identity, type ResourceRef } from '../../shared/access/can'
import type { LocationId, MachineId, OrgId } from '../../shared/ids'
import { isVisible } from '../access/isVisible'

// Which change rows a caller receives. Pure: the caller's identity and one row in, a decision out.
// Each row is judged by the reading action of its resource, at the place the row records (where the
// resource was when it changed). A row the caller may not read, about a resource of an organization
// the caller belongs to, is sent as a removal carrying only kind and id: the resource may have moved
// out of the caller's reach (a machine moved to a location they cannot see), and a desktop that had
// it must drop it. Rows of organizations the caller has nothing in are not sent at all.

export interface ChangeRow {
  id: number
  kind: string
  resourceId: string
  orgId: string | null
  locationPath: readonly string[]
  machineId: string | null
  op: 'create' | 'update' | 'delete'
}

export type FeedDecision = 'show' | 'removal' | 'hide'

type Reader =
  | { action: Action; on: 'machine' | 'fragment' | 'package' | 'organization' }
  | { visible: 'location' | 'organization' }

/** The reading question of each kind of change; a kind not listed here is never shown (fail closed). */
const READERS: Readonly<Record<string, Reader>> = {
  organization: { visible: 'organization' },
  location: { visible: 'location' },
  'location-share': { visible: 'location' },
  'support-access': { visible: 'location' },
  machine: { action: 'machine.control', on: 'machine' },
  part: { action: 'machine.control', on: 'machine' },
  // Configs, their history and conflicts are behind CONFIGURE and HISTORY: owners only.
  'config-revision': { action: 'machine.seeAllTabs', on: 'machine' },
  'config-conflict': { action: 'machine.seeAllTabs', on: 'machine' },
  fragment: { action: 'fragment.seeAndUse', on: 'fragment' },
  'fragment-revision': { action: 'fragment.seeAndUse', on: 'fragment' },
  package: { action: 'package.view', on: 'package' },
  member: { action: 'org.seeAllMembers', on: 'organization' },
  invite: { action: 'org.seeAllMembers', on: 'organization' },
  grant: { action: 'org.seeAllMembers', on: 'organization' },
  'api-key': { action: 'org.seeAllMembers', on: 'organization' },
}

/** The organizations a location path is shared with (through any location on it). */
export type SharesOf = (locationPath: readonly string[]) => readonly OrgId[]

function refOf(row: ChangeRow, on: Reader, sharesOf: SharesOf | undefined): ResourceRef | null {
  if (row.orgId === null) return null
  const orgId = row.orgId as OrgId
  const path = row.locationPath as readonly LocationId[]
  const kind = 'visible' in on ? on.visible : on.on
  const shared = sharesOf ? { sharedWith: sharesOf(path) } : {}
  switch (kind) {
    case 'organization':
      return { kind: 'organization', orgId }
    case 'location':
      return path.length > 0 ? { kind: 'location', orgId, locationPath: path, ...shared } : null
    case 'machine':
      return row.machineId !== null
        ? { kind: 'machine', orgId, locationPath: path, machineId: row.machineId as MachineId, ...shared }
        : null
    case 'fragment':
      return { kind: 'fragment', orgId }
    case 'package':
      return { kind: 'package', orgId }
  }
}

/** Whether the identity has any grant in the row's organization (then it may learn of removals there). */
function memberOf(identity: Identity, orgId: string | null): boolean {
  if (orgId === null) return false
  return identity.grants.some(
    (g) =>
      g.subject.kind === identity.subject.kind &&
      g.subject.id === identity.subject.id &&
      (g.orgId === orgId || (g.resource.kind === 'organization' && g.resource.id === orgId)),
  )
}

/**
 * Show, send as a removal, or leave out. `belowPaths` are the location paths of the identity's
 * location and machine grants (one sees the locations that lead to one's machines). `sharesOf`,
 * when given, places locations and machines with their current shares (the access-loss expansion
 * asks what is still readable, shares included).
 */
export function feedDecision(
  identity: Identity,
  row: ChangeRow,
  belowPaths: readonly (readonly LocationId[])[],
  sharesOf?: SharesOf,
): FeedDecision {
  const reader = READERS[row.kind]
  const ref = reader ? refOf(row, reader, sharesOf) : null
  if (reader && ref) {
    const allowed =
      'visible' in reader ? isVisible(identity, ref, belowPaths) : can(identity, reader.action, ref)
    if (allowed) return 'show'
  }
  return memberOf(identity, row.orgId) ? 'removal' : 'hide'
}
