import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** Builds main, preload and renderer with electron-vite when `out/` is missing or older than `src/`. */
export function ensureBuilt() {
  const marker = join(root, 'out', 'main', 'serve.js')
  const rendererIndex = join(root, 'out', 'renderer', 'index.html')
  const fresh =
    existsSync(marker) &&
    existsSync(rendererIndex) &&
    statSync(marker).mtimeMs >=
      Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs)
  if (fresh || process.env.FLEETDESK_SKIP_BUILD === '1') return
  process.stderr.write('fleetdesk: building (electron-vite build)...\n')
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (result.status !== 0) {
    process.stderr.write('fleetdesk: the build failed (see above).\n')
    process.exit(result.status ?? 1)
  }
}

/** Runs a built main-process entry in plain Node with the given arguments, forwarding signals. */
export function runEntry(entry, args) {
  ensureBuilt()
  const result = spawnSync(process.execPath, [join(root, 'out', 'main', `${entry}.js`), ...args], {
    cwd: root,
    stdio: 'inherit',
  })
  process.exit(result.status ?? 1)
}
