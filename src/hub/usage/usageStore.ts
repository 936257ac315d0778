import type { OrgId } from '../../shared/ids'
import type { Queryable } from '../db/Db'
import { toCount, type UsageCounts } from './summarizeUsage'

type CountRow = Record<keyof UsageCounts, unknown>

/** One query for the org's counts; logs are reached through its parts (the part_logs index). */
export async function loadUsageCounts(db: Queryable, orgId: OrgId): Promise<UsageCounts> {
  const rows = await db.query<CountRow>(
    `WITH org_parts AS (
       SELECT p.id FROM parts p JOIN machines m ON m.id = p.machine_id WHERE m.org_id = $1
     )
     SELECT
       (SELECT count(*) FROM machines WHERE org_id = $1) AS "machines",
       (SELECT count(*) FROM org_parts) AS "parts",
       (SELECT count(*) FROM part_logs WHERE part_id IN (SELECT id FROM org_parts)) AS "logLines",
       (SELECT COALESCE(sum(bytes), 0) FROM part_logs WHERE part_id IN (SELECT id FROM org_parts)) AS "logBytes",
       (SELECT count(*) FROM packages WHERE org_id = $1) AS "packages",
       (SELECT count(*) FROM package_versions v JOIN packages k ON k.id = v.package_id
         WHERE k.org_id = $1 AND v.state = 'ready') AS "packageVersions",
       (SELECT COALESCE(sum(v.size), 0) FROM package_versions v JOIN packages k ON k.id = v.package_id
         WHERE k.org_id = $1 AND v.state = 'ready') AS "packageBytes"`,
    [orgId],
  )
  const row = rows[0]
  if (!row) throw new Error('The usage query returned no row')
  return {
    machines: toCount(row.machines),
    parts: toCount(row.parts),
    logLines: toCount(row.logLines),
    logBytes: toCount(row.logBytes),
    packages: toCount(row.packages),
    packageVersions: toCount(row.packageVersions),
    packageBytes: toCount(row.packageBytes),
  }
}
