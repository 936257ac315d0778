import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startBrowserServer } from './bridge/BrowserServer'
import { resolveDataDir } from './app/dataDir'
import { startCore } from './app/startCore'
import { DemoRobots } from './app/demoRobots'
import { DEMO_FLEET_CREATED } from './core/FleetCore'
import { errorMessage } from '../shared/errors/errorMessage'

/**
 * Browser mode: `npm run serve -- --port P --data-dir D [--as EMAIL]`. Runs the same core as the
 * desktop app and serves the built renderer on 127.0.0.1; prints one line with the URL and token.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      as: { type: 'string' },
      'renderer-dir': { type: 'string' },
      token: { type: 'string' },
      'demo-robots': { type: 'boolean', default: false },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${values.port}`)
  const here = dirname(fileURLToPath(import.meta.url))
  const rendererDir = resolve(values['renderer-dir'] ?? join(here, '..', 'renderer'))
  const dataDir = resolveDataDir(values['data-dir'])

  // The server listens while the cache opens, so the page loads in parallel; calls wait for the core.
  const starting = startCore({ dataDir, ...(values.as ? { actAs: values.as } : {}) })
  const server = await startBrowserServer({
    core: starting.then((s) => s.core),
    rendererDir,
    port,
    ...(values.token ? { token: values.token } : {}),
  })
  console.log(`Fleetdesk at ${server.url}`)
  const started = await starting.catch(async (err: unknown) => {
    await server.close()
    throw err
  })
  for (const notice of started.openReport.notices) console.error(`fleetdesk: ${notice.message}`)

  // `npm start` runs the demo fleet's robots too (simulated, on loopback), once there is a demo fleet.
  const demo = values['demo-robots'] ? new DemoRobots({ dataDir, simEntry: join(here, 'sim.js') }) : null
  demo?.start()
  started.core.events.on('fleetChanged', ({ reason }) => {
    if (reason === DEMO_FLEET_CREATED) demo?.start()
  })

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await server.close()
    await demo?.stop()
    await started.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(`fleetdesk: ${errorMessage(err)}`)
  process.exit(1)
})
