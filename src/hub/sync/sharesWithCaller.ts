import type { Identity } from '../../shared/access/can'
import type { OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import type { SharesOf } from './feedVisibility'

/** The organizations the identity holds grants in (its own subject's grants only). */
export function callerOrgIds(identity: Identity): OrgId[] {
  const orgs = new Set<OrgId>()
  for (const g of identity.grants) {
    if (g.subject.kind !== identity.subject.kind || g.subject.id !== identity.subject.id) continue
    if (g.resource.kind === 'organization') orgs.add(g.resource.id)
    if (g.orgId !== undefined) orgs.add(g.orgId)
  }
  return [...orgs]
}

/**
 * The locations shared with the caller's organizations, as the feed's `sharesOf`: a row placed on
 * a path through one of them is judged with that share (the seed's secondary organization), so a
 * member of the organization a location is shared with receives its machines and configs as the
 * routes serve them. Shares with organizations the caller is not in change nothing for it, so only
 * these are loaded: one query per feed page, whatever the page holds.
 */
export async function sharesWithCaller(db: Queryable, identity: Identity): Promise<SharesOf> {
  const orgIds = callerOrgIds(identity)
  if (orgIds.length === 0) return () => []
  const rows = await db.query<{ location_id: string; org_id: string }>(
    `SELECT location_id, org_id FROM location_shares
     WHERE org_id IN (SELECT json_array_elements_text($1::json))`,
    [JSON.stringify(orgIds)],
  )
  const byLocation = new Map<string, OrgId[]>()
  for (const r of rows)
    byLocation.set(r.location_id, [...(byLocation.get(r.location_id) ?? []), r.org_id as OrgId])
  return (path) => path.flatMap((id) => byLocation.get(id) ?? [])
}
