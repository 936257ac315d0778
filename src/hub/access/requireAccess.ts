import { can, type Action, type ResourceRef } from '../../shared/access/can'
import type { LocationId } from '../../shared/ids'
import type { Actor } from '../auth/Actor'
import type { Queryable } from '../db/Db'
import { HubError } from '../core/HubError'
import { isVisible } from './isVisible'
import { grantPaths, loadResourceRef, type Loaded, type Target } from './loadResourceRef'

const NOUN: Record<Target['kind'], string> = {
  platform: 'The hub',
  organization: 'The organization',
  location: 'The location',
  machine: 'The machine',
  part: 'The part',
  fragment: 'The fragment',
  'org-fragments': 'The organization',
  'org-packages': 'The organization',
  package: 'The package',
}

/**
 * The one permission check every route makes: loads the target's ResourceRef, answers 404 when the
 * actor may not know it exists (absent or out of reach alike, so a 404 reveals nothing) and 403
 * when it is visible but the seed's row refuses the action. `adjust` refines the ref before the
 * check (location.move adds the destination).
 */
export async function requireAccess(
  db: Queryable,
  actor: Actor,
  action: Action,
  target: Target,
  adjust?: (ref: ResourceRef) => ResourceRef,
): Promise<Loaded> {
  const loaded = await loadResourceRef(db, target)
  const noun = NOUN[target.kind]
  if (!loaded) throw new HubError('not-found', `${noun} does not exist or is not visible to you.`)
  if (!isVisible(actor.identity, loaded.ref, await belowPaths(db, actor, loaded.ref))) {
    throw new HubError('not-found', `${noun} does not exist or is not visible to you.`)
  }
  const ref = adjust ? adjust(loaded.ref) : loaded.ref
  if (!can(actor.identity, action, ref)) {
    throw new HubError('permission-denied', `Your role does not allow "${action}" here.`)
  }
  return { ...loaded, ref }
}

/** Whether the actor may see the target at all (for lists: leave out what is not visible). */
export async function canSee(db: Queryable, actor: Actor, ref: ResourceRef): Promise<boolean> {
  return isVisible(actor.identity, ref, await belowPaths(db, actor, ref))
}

// Only locations need the grant paths; skip the queries for everything else.
async function belowPaths(db: Queryable, actor: Actor, ref: ResourceRef): Promise<LocationId[][]> {
  if (ref.kind !== 'location') return []
  return grantPaths(db, actor.identity.grants)
}

/** For reads whose seed row is "every role" in effect: 404 unless the actor may see the target. */
export async function requireVisible(db: Queryable, actor: Actor, target: Target): Promise<Loaded> {
  const loaded = await loadResourceRef(db, target)
  const noun = NOUN[target.kind]
  if (!loaded || !isVisible(actor.identity, loaded.ref, await belowPaths(db, actor, loaded.ref))) {
    throw new HubError('not-found', `${noun} does not exist or is not visible to you.`)
  }
  return loaded
}
