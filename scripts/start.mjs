// npm start: the desktop app. Where no Electron window can open (no display, or the Electron binary
// cannot be had), says so and runs browser mode on the same data folder instead.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { ensureBuilt, root } from './lib/ensureBuilt.mjs'

const args = process.argv.slice(2)
ensureBuilt()

function electronBinary() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display is available (DISPLAY and WAYLAND_DISPLAY are unset)' }
  }
  // The electron package downloads its binary on first use; ask in a child so a failed download
  // cannot take this process down, and give it a bounded time.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (probe.status !== 0 || !probe.stdout)
    return { reason: 'the Electron binary is not installed and could not be downloaded' }
  return { path: probe.stdout }
}

const electron = electronBinary()
if ('path' in electron) {
  const child = spawn(electron.path, [root, ...args], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.error(`fleetdesk: cannot open the desktop window: ${electron.reason}.`)
  console.error(
    'fleetdesk: running browser mode instead; open the address below in a browser on this machine.',
  )
  const hasPort = args.includes('--port')
  // A stable address is friendlier to bookmark; if another program holds it, any free port will do.
  const port = hasPort ? [] : ['--port', String((await portIsFree(4870)) ? 4870 : 0)]
  const child = spawn(
    process.execPath,
    [join(root, 'out', 'main', 'serve.js'), ...port, '--demo-robots', ...args],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}
