import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export interface BenchLine {
  name: string
  value: number
  unit: string
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * Time from launching browser mode (a fresh Node process on a filled cache) to the fleet tree
 * painted in Chromium, as the app reports it (`fleetdesk:tree-painted`), plus the server's RSS.
 * Chromium is started before the clock so the figure is the app's, not the browser's cold start.
 */
export async function runLaunchBench(opts: {
  root: string
  dataDir: string
  runs: number
}): Promise<BenchLine[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  const times: number[] = []
  let rssMb = 0
  try {
    for (let i = 0; i < opts.runs; i++) {
      const page = await browser.newPage()
      const started = performance.now()
      const child = spawn(
        process.execPath,
        [join(opts.root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', opts.dataDir],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = ''
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString()
            const m = /Fleetdesk at (\S+)/.exec(out)
            if (m?.[1]) resolve(m[1])
          })
          child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
        })
        await page.goto(url)
        // The renderer sets this after the first paint of the tree's rows (requestAnimationFrame).
        await page.waitForFunction(() => document.body.dataset.fleetReady === '1', undefined, {
          timeout: 60_000,
          polling: 'raf',
        })
        times.push(performance.now() - started)
        rssMb = Math.max(rssMb, readRssMb(child.pid))
      } finally {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
        await page.close()
      }
    }
  } finally {
    await browser.close()
  }
  times.sort((a, b) => a - b)
  return [
    {
      name: 'launch_to_tree_painted_median',
      value: round(times[Math.floor(times.length / 2)] ?? NaN),
      unit: 'ms',
    },
    { name: 'launch_to_tree_painted_max', value: round(times[times.length - 1] ?? NaN), unit: 'ms' },
    { name: 'browser_mode_server_rss', value: round(rssMb), unit: 'MB' },
  ]
}

function readRssMb(pid: number | undefined): number {
  if (!pid) return NaN
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
    return kb / 1024
  } catch {
    return NaN
  }
}

const round = (n: number): number => Math.round(n * 10) / 10
