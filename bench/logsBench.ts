import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import WebSocket from 'ws'
import type { BenchLine } from './launchBench'
import { spawnSim } from './robotBench'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
const RATE = 5000
const SECONDS = 10

/**
 * Log lines streamed into the LOGS tab: a simulated robot writes RATE lines a second for SECONDS
 * (its generic `log_burst` command); the bench counts the burst's rows the tab holds (filtered to
 * them), and reports the rate at which they arrived and how many never did.
 */
export async function runLogsBench(root: string): Promise<BenchLine[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-logs-'))
  const sim = spawnSim(root, 3, `logs-${process.pid}`)
  const server = spawn(
    process.execPath,
    [join(root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' },
    },
  )
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  try {
    const url = await new Promise<string>((resolve) => {
      let out = ''
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /Fleetdesk at (\S+)/.exec(out)
        if (m?.[1]) resolve(m[1])
      })
    })
    const station = (await sim.agents)[2]!
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(url)
    const row = page.locator(`[data-testid="nearby-row"][data-part-id="${station.partId}"]`)
    await row.getByTestId('connect-button').click()
    await page.getByTestId('connect-secret').fill(station.secret)
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('connect-dialog').waitFor({ state: 'hidden' })
    await row.getByTestId('nearby-open').click()
    await page.getByRole('tab', { name: 'LOGS' }).click()
    await page.getByTestId('logs-search').fill('burst line')
    const list = page.getByTestId('logs-list')
    await list.waitFor()

    const total = RATE * SECONDS
    await callCore(url, 'callComponent', {
      partId: station.partId,
      name: 'ops',
      method: 'doCommand',
      args: { command: { log_burst: { count: total, rate: RATE } } },
    })
    const started = performance.now()
    let count = 0
    let lastChange = started
    while (performance.now() - lastChange < 3000 && count < total) {
      const now = Number(await list.getAttribute('data-count'))
      if (now !== count) {
        count = now
        lastChange = performance.now()
      }
      await page.waitForTimeout(50)
    }
    const seconds = (lastChange - started) / 1000
    return [
      { name: 'logs_tab_lines_per_second', value: Math.round(count / seconds), unit: 'lines/s' },
      { name: 'logs_tab_lines_dropped', value: total - count, unit: 'lines' },
    ]
  } finally {
    await browser.close()
    server.kill('SIGTERM')
    sim.child.kill('SIGTERM')
    await Promise.all([
      new Promise((r) => server.once('exit', r)),
      new Promise((r) => sim.child.once('exit', r)),
    ])
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** One contract call over the browser-mode bridge, as the page makes them. */
async function callCore(url: string, method: string, params: unknown): Promise<unknown> {
  const u = new URL(url)
  const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`, {
    origin: `http://${u.host}`,
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  try {
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as {
          kind: string
          id?: number
          reply?: { ok: boolean; value?: unknown; error?: { message: string } }
        }
        if (msg.kind !== 'reply' || msg.id !== 1 || !msg.reply) return
        if (msg.reply.ok) resolve(msg.reply.value)
        else reject(new Error(msg.reply.error?.message))
      })
      ws.send(JSON.stringify({ id: 1, method, params }))
    })
  } finally {
    ws.close()
  }
}
