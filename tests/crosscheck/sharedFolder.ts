import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// The team's own documents (the seed specifications, the configs viam-server users published) live
// in a `shared` folder beside the clone, which a user's clone does not have. Only this cross-check
// group reads it; scripts/test.mjs runs the group when the folder exists and reports it skipped
// otherwise. FLEETDESK_SHARED_DIR names the folder where it is not beside the clone (a worktree).
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export const SHARED_DIR = resolve(process.env.FLEETDESK_SHARED_DIR ?? resolve(repoRoot, '..', 'shared'))

/** A path inside the shared folder; throws a clear error when it is not there. */
export function sharedPath(...segments: string[]): string {
  const path = resolve(SHARED_DIR, ...segments)
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: the cross-check group needs the team's shared folder ` +
        `(beside the clone, or named by FLEETDESK_SHARED_DIR).`,
    )
  }
  return path
}
