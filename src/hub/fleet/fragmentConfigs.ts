import { can } from '../../shared/access/can'
import { fragmentRefId, type FragmentRef } from '../../shared/config/fragmentModSchema'
import type { MachineConfig } from '../../shared/config/machineConfigSchema'
import type { FieldError } from '../../shared/errors/CoreError'
import type { OrgId } from '../../shared/ids'
import type { Actor } from '../auth/Actor'
import type { Queryable } from '../db/Db'

const versionOf = (ref: FragmentRef): number | 'latest' => {
  if (typeof ref === 'string' || ref.version === undefined || ref.version === 'latest') return 'latest'
  return Number(ref.version)
}

export type FragmentResolution =
  { ok: true; configs: Map<string, MachineConfig> } | { ok: false; errors: FieldError[] }

/**
 * The config of every fragment a machine config lists, at the revision it asks for. A fragment
 * that does not exist, belongs to another organization, or that the actor may not use
 * (fragment.seeAndUse) is an error at its path in `fragments`; when `actor` is null (the agent's
 * own effective config) only existence and organization are checked.
 */
export async function resolveFragments(
  db: Queryable,
  machineOrgId: string,
  refs: readonly FragmentRef[],
  actor: Actor | null,
): Promise<FragmentResolution> {
  const configs = new Map<string, MachineConfig>()
  const errors: FieldError[] = []
  for (const [index, ref] of refs.entries()) {
    const id = fragmentRefId(ref)
    const path = `$.fragments[${index}]`
    const rows = await db.query<{ org_id: string; revision: number }>(
      `SELECT org_id, revision FROM fragments WHERE id = $1`,
      [id],
    )
    const fragment = rows[0]
    const usable =
      fragment !== undefined &&
      fragment.org_id === machineOrgId &&
      (actor === null ||
        can(actor.identity, 'fragment.seeAndUse', { kind: 'fragment', orgId: fragment.org_id as OrgId }))
    if (!fragment || !usable) {
      errors.push({
        path,
        message: `fragment "${id}" does not exist in this organization or you may not use it`,
      })
      continue
    }
    const wanted = versionOf(ref)
    const revision = wanted === 'latest' ? fragment.revision : wanted
    const rev = await db.query<{ config: MachineConfig }>(
      `SELECT config FROM fragment_revisions WHERE fragment_id = $1 AND revision = $2`,
      [id, revision],
    )
    const config = rev[0]?.config
    if (!config) {
      errors.push({ path, message: `fragment "${id}" has no revision ${revision}` })
      continue
    }
    configs.set(id, config)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, configs }
}
