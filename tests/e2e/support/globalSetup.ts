import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Builds the app once (if src changed) before any end-to-end test starts a server from out/. */
export default function globalSetup(): void {
  execFileSync(
    process.execPath,
    ['-e', "import('./scripts/lib/ensureBuilt.mjs').then((m) => m.ensureBuilt())"],
    {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: 'inherit',
    },
  )
}
