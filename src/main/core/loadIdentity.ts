import { withGrantOrgs, type IdentityGrant } from '../../shared/access/can'
import { CoreError } from '../../shared/errors/CoreError'
import type { Subject, User } from '../../shared/domain/model'
import type { CacheStore } from '../cache/types'
import type { ActingIdentity } from './CoreHost'
import type { FleetAccess } from './FleetAccess'

export const IDENTITY_SETTING = 'identity.email'

/**
 * Who the hub said the signed-in credentials are, with their grants, as last fetched
 * (`GET /v1/auth/me`): what `can()` answers from while the hub is away. Written by the sync side
 * at sign-in and whenever the feed shows a grant change; removed at sign-out.
 */
export const HUB_IDENTITY_SETTING = 'hub.identity'

export interface HubIdentityRecord {
  hubUrl: string
  subject: Subject
  /** The hub's label: the user's email, or `api-key:<id>`. */
  label: string
  grants: IdentityGrant[]
  fetchedAt: string
}

/** The guest a first run (or a cache with no signed-in user) acts as: no grants, so nothing to see. */
export const GUEST: ActingIdentity = {
  subject: { kind: 'user', id: '' as User['id'] },
  grants: [],
  user: null,
}

/**
 * The identity the desktop acts as, from the cache: `actAs` (browser mode `--as`, tests) if given,
 * else the identity the hub gave at the last sign-in, else the user signed in last (a fixture
 * cache); with that identity's cached grants, each placed in its organization.
 */
export async function loadIdentity(
  cache: CacheStore,
  access: FleetAccess,
  actAs: string | undefined,
): Promise<ActingIdentity> {
  if (!actAs) {
    const hub = await cache.getSetting<HubIdentityRecord>(HUB_IDENTITY_SETTING)
    if (hub) return fromHub(hub, access)
  }
  const email = actAs ?? (await cache.getSetting<string>(IDENTITY_SETTING))
  const user = email ? await cache.getUserByEmail(email) : null
  if (email && !user && actAs) throw new CoreError('not-found', `No user ${email} in the cache.`)
  if (!user) return GUEST
  const own = (await cache.getGrants()).filter((g) => g.subject.kind === 'user' && g.subject.id === user.id)
  // A location or machine grant names only its resource; org-wide questions (fragments, packages)
  // need the organization it sits in.
  const grants = withGrantOrgs(own, (r) => access.orgOf(r))
  return { subject: { kind: 'user', id: user.id }, grants, user }
}

function fromHub(hub: HubIdentityRecord, access: FleetAccess): ActingIdentity {
  // The hub places each grant in its organization; one it did not is placed from the cache.
  const grants = hub.grants.map((g) => (g.orgId ? g : (withGrantOrgs([g], (r) => access.orgOf(r))[0] ?? g)))
  const user: User | null =
    hub.subject.kind === 'user' ? { id: hub.subject.id, email: hub.label, name: hub.label } : null
  return { subject: hub.subject, grants, user, label: hub.label }
}
