import { app, session } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from './app/contentSecurityPolicy'
import { resolveDataDir } from './app/dataDir'
import { startCore, type StartedCore } from './app/startCore'
import { DemoRobots } from './app/demoRobots'
import { DEMO_FLEET_CREATED } from './core/FleetCore'
import { createSecureWindow, rendererIndex } from './shell/secureWindow'
import { registerIpc } from './shell/registerIpc'
import { safeStorageSecretBox } from './shell/safeStorageSecretBox'

// The Electron shell: the only module tree that imports `electron`. It wires the plain-Node core to
// a window; everything it does not do here is testable without Electron (browser mode).
const here = dirname(fileURLToPath(import.meta.url))
const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

let started: StartedCore | null = null
let demo: DemoRobots | null = null

async function launch(): Promise<void> {
  const dataDir = resolveDataDir(
    flag('--data-dir') ?? (process.env.FLEETDESK_DATA_DIR ? undefined : app.getPath('userData')),
  )
  // The OS keychain seals robot secrets where it is available; otherwise a key file in the data folder.
  const secrets = safeStorageSecretBox()
  started = await startCore({ dataDir, ...(secrets ? { secrets } : {}) })
  const devUrl = process.env.ELECTRON_RENDERER_URL
  const appUrl = devUrl ?? pathToFileURL(rendererIndex(here)).toString()

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))

  // The demo fleet's robots run beside the app as a plain Node child (Electron's binary as Node).
  demo = new DemoRobots({
    dataDir,
    simEntry: join(here, 'sim.js'),
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  })
  demo.start()
  started.core.events.on('fleetChanged', ({ reason }) => {
    if (reason === DEMO_FLEET_CREATED) demo?.start()
  })

  const win = createSecureWindow({
    preload: join(here, '..', 'preload', 'index.cjs'),
    appUrl,
    title: 'Fleetdesk',
  })
  const unregister = registerIpc(started.core, win, appUrl)
  win.on('closed', unregister)
  await win.loadURL(appUrl)
}

app.enableSandbox()
app.whenReady().then(launch, (err: unknown) => {
  console.error('fleetdesk failed to start:', err)
  app.exit(1)
})
app.on('window-all-closed', () => app.quit())
app.on('will-quit', (event) => {
  if (!started) return
  // Let the cache write its final snapshot before the process goes.
  event.preventDefault()
  const s = started
  started = null
  void Promise.all([s.stop(), demo?.stop()]).finally(() => app.exit(0))
})
