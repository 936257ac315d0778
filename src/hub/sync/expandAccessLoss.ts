import type { Identity } from '../../shared/access/can'
import type { LocationId, OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import type { AccessLoss } from './accessLoss'
import { changeRowOf, type DbChangeRef } from './changeRowOf'
import { feedDecision } from './feedVisibility'

// What an access loss took out of the caller's reach: every resource of the organization (for a
// share: below the location) whose latest change row up to the loss is not a delete and that the
// caller may no longer read, judged as the feed judges rows, with the locations' current shares.
// This is what a full pull from cursor 0 would leave out, computed from the change log of one
// organization (index changes_org) instead of the whole feed, and only for the caller the loss is
// about; a loss that took nothing away yields nothing.

export interface Removal {
  kind: string
  resourceId: string
}

async function sharesIn(db: Queryable, orgId: string): Promise<Map<string, OrgId[]>> {
  const rows = await db.query<{ location_id: string; org_id: string }>(
    `SELECT s.location_id, s.org_id FROM location_shares s JOIN locations l ON l.id = s.location_id
     WHERE l.org_id = $1`,
    [orgId],
  )
  const out = new Map<string, OrgId[]>()
  for (const r of rows) out.set(r.location_id, [...(out.get(r.location_id) ?? []), r.org_id as OrgId])
  return out
}

export async function expandAccessLoss(
  db: Queryable,
  identity: Identity,
  belowPaths: readonly (readonly LocationId[])[],
  loss: AccessLoss,
  lossCursor: number,
): Promise<Removal[]> {
  const scoped = loss.kind === 'share'
  const rows = await db.query<DbChangeRef>(
    `SELECT DISTINCT ON (kind, resource_id) id, kind, resource_id, org_id, location_path, machine_id, op
     FROM changes WHERE org_id = $1 AND id <= $2 ${scoped ? `AND location_path ? $3` : ''}
     ORDER BY kind, resource_id, id DESC`,
    scoped ? [loss.orgId, lossCursor, loss.locationId] : [loss.orgId, lossCursor],
  )
  const shares = await sharesIn(db, loss.orgId)
  const sharesOf = (path: readonly string[]): OrgId[] => path.flatMap((id) => shares.get(id) ?? [])
  const removals: Removal[] = []
  for (const row of rows) {
    if (row.op === 'delete') continue
    const change = changeRowOf(row)
    // 'removal' and 'hide' alike: the caller may have held it, and may not read it now.
    if (feedDecision(identity, change, belowPaths, sharesOf) !== 'show')
      removals.push({ kind: row.kind, resourceId: row.resource_id })
  }
  return removals
}
