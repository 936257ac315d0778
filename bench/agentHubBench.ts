import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchLine } from './launchBench'
import { parseAgentConfig } from '../src/agent/agentConfig'
import { startAgent } from '../src/agent/startAgent'
import { createHub, type Hub } from '../src/hub/server/createHub'
import { migrate } from '../src/hub/db/migrate'
import { openPgliteDb } from '../src/hub/db/pgliteDb'
import { TEST_SEAL_KEY } from '../tests/hub/support/testSealKey'
import { seedWorld } from '../tests/hub/support/world'

// Group "agent-hub": an agent on a PGlite hub. (1) A config saved on the hub to the agent
// reconfigured, p50/p95 over 30 changes (target p95 < 1 s). (2) After an hour offline at 10 lines/s
// (36,000 lines buffered on disk), the upload rate once the hub returns, and that none was lost.

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

export async function runAgentHubBench(
  options: { changes?: number; offlineLines?: number } = {},
): Promise<BenchLine[]> {
  const changes = options.changes ?? 30
  const offlineLines = options.offlineLines ?? 36_000
  const db = await openPgliteDb()
  await migrate(db)
  const world = await seedWorld(db)
  const dataDir = mkdtempSync(join(tmpdir(), 'agent-hub-bench-'))
  let hub: Hub | undefined
  let port = 0
  let url = ''
  const up = async (): Promise<void> => {
    hub = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY })
    url = await hub.app.listen({ port, host: '127.0.0.1' })
    port = Number(new URL(url).port)
  }
  await up()
  const partId = world.part.pG
  const admin = { authorization: world.adminAuth, 'content-type': 'application/json' }
  const running = await startAgent(
    parseAgentConfig(
      { partId, secret: `secret-${partId}`, machineName: 'bench', dataDir, hub: { url } },
      dataDir,
    ),
    { hubLink: { backoff: { baseMs: 50, maxMs: 500 } } },
  )
  const link = running.hubLink!
  try {
    const lat: number[] = []
    for (let i = 0; i < changes; i++) {
      const head = (await (await fetch(`${url}/v1/parts/${partId}/config`, { headers: admin })).json()) as {
        revision: number
      }
      const reconfigured = new Promise<void>((resolve) => {
        const off = link.onReconfigured(() => {
          off()
          resolve()
        })
      })
      const started = performance.now()
      const components = [
        { name: `m${i % 3}`, api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 100 + i } },
      ]
      await fetch(`${url}/v1/parts/${partId}/config`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ config: { components }, baseRevision: head.revision }),
      })
      await reconfigured
      lat.push(performance.now() - started)
    }
    lat.sort((a, b) => a - b)

    await hub?.app.close()
    const log = running.agent.logs.logger('bench')
    for (let i = 0; i < offlineLines; i++) log.info(`offline line ${i}`, { i, speed: i % 17 })
    const buffered = link.buffer.size
    const started = performance.now()
    await up()
    while (link.buffer.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    const seconds = (performance.now() - started) / 1000
    const lost = link.status().logsDropped
    return [
      { name: 'agent_hub_reconfigure_p50', value: Math.round(quantile(lat, 0.5)), unit: 'ms' },
      { name: 'agent_hub_reconfigure_p95', value: Math.round(quantile(lat, 0.95)), unit: 'ms' },
      {
        name: 'agent_hub_log_upload_after_hour_offline',
        value: Math.round(buffered / seconds),
        unit: 'lines/s',
      },
      { name: 'agent_hub_log_lines_lost', value: lost, unit: 'lines' },
    ]
  } finally {
    await running.stop()
    await hub?.app.close()
    await db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('agentHubBench.ts')) {
  void runAgentHubBench().then((lines) => {
    for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
  })
}
