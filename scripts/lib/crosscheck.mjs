import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { root } from './ensureBuilt.mjs'

// The cross-check group (tests/crosscheck) compares the project's own fixtures with the team's seed
// documents and published configs, kept in a `shared` folder beside the clone. A user's clone has no
// such folder: then the group is reported skipped, with the reason, and never counted as passed.
// FLEETDESK_SHARED_DIR names the folder where it is not beside the clone (a git worktree, say).
export const crossCheckConfig = join(root, 'tests', 'crosscheck', 'vitest.config.ts')

/** `{dir}` when the shared folder is there, else `{reason}`: one line saying why the group is skipped. */
export function findSharedFolder() {
  const named = process.env.FLEETDESK_SHARED_DIR
  const dir = resolve(named ?? join(root, '..', 'shared'))
  if (existsSync(join(dir, 'seeds')) && existsSync(join(dir, 'viam-configs'))) return { dir }
  return {
    reason: named
      ? `FLEETDESK_SHARED_DIR=${named} holds no seeds/ and viam-configs/`
      : `../shared (the team's seed documents) is not beside this clone`,
  }
}
