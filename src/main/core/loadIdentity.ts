import { withGrantOrgs } from '../../shared/access/can'
import { CoreError } from '../../shared/errors/CoreError'
import type { User } from '../../shared/domain/model'
import type { CacheStore } from '../cache/types'
import type { ActingIdentity } from './CoreHost'
import type { FleetAccess } from './FleetAccess'

export const IDENTITY_SETTING = 'identity.email'

/** The guest a first run (or a cache with no signed-in user) acts as: no grants, so nothing to see. */
export const GUEST: ActingIdentity = {
  subject: { kind: 'user', id: '' as User['id'] },
  grants: [],
  user: null,
}

/**
 * The identity the desktop acts as, from the cache: `actAs` (browser mode `--as`, tests) if given,
 * else the user signed in last; with that user's cached grants, each placed in its organization.
 */
export async function loadIdentity(
  cache: CacheStore,
  access: FleetAccess,
  actAs: string | undefined,
): Promise<ActingIdentity> {
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
