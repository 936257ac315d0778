import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { SerialPort } from 'serialport'
import { createPtyPair } from '../tests/support/ptyPair'
import type { BenchLine } from './launchBench'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
/** The target: 1 MB/s of text through the console, the page still answering input. */
const BYTES_PER_SECOND = Number(process.env.BENCH_SERIAL_RATE ?? 1_000_000)
const TICK_MS = 50
const LINE = 80

const p95 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN
}

/** The page's JS heap after a full collection, in bytes. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    return usedSize
  } finally {
    await cdp.detach()
  }
}

/**
 * The serial console under a flood: a writer on one end of a socat pty pair sends 1 MB/s of
 * 80-byte text lines for BENCH_SERIAL_SECONDS (20 by default; 60 is the full minute)
 * while browser mode's console shows the other end in Chromium. Meanwhile a key is typed into the
 * line input every 200 ms; its latency is measured in the page, from the key event's own time stamp
 * to the frame after the input shows it, so a page too busy to answer counts. The heap is taken
 * (after a collection) once the console's buffer is full and again at the end: memory flat means
 * the growth stays near zero.
 */
export async function runSerialConsoleBench(root: string): Promise<BenchLine[]> {
  const seconds = Number(process.env.BENCH_SERIAL_SECONDS ?? 20)
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-bench-serial-'))
  const ptys = await createPtyPair()
  const server = spawn(
    process.execPath,
    [join(root, 'out', 'main', 'serve.js'), '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' } },
  )
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  const writer = new SerialPort({ path: ptys.b, baudRate: 115200, autoOpen: false })
  let timer: NodeJS.Timeout | undefined
  try {
    const url = await new Promise<string>((resolve) => {
      let out = ''
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /Fleetdesk at (\S+)/.exec(out)
        if (m?.[1]) resolve(m[1])
      })
    })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(url)
    await page.getByTestId('serial-open-by-path').click()
    await page.getByTestId('serial-path-input').fill(ptys.a)
    await page.getByTestId('serial-path-open').click()
    const consoleRoot = page.getByTestId('console-stats')
    await page.locator('[data-testid="serial-console"][data-state="open"]').waitFor()
    await new Promise<void>((resolve, reject) => writer.open((err) => (err ? reject(err) : resolve())))

    // Latency probe in the page: key event time stamp to the frame after the input changed.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="console-input"]')!
      const w = window as unknown as { fdLatencies: number[] }
      w.fdLatencies = []
      let pressedAt = 0
      input.addEventListener('keydown', (e) => (pressedAt = e.timeStamp))
      input.addEventListener('input', () => {
        const from = pressedAt
        requestAnimationFrame(() => setTimeout(() => w.fdLatencies.push(performance.now() - from), 0))
      })
    })

    let seq = 0
    let written = 0
    const perTick = (BYTES_PER_SECOND * TICK_MS) / 1000
    const chunk = (): Buffer => {
      let text = ''
      while (text.length < perTick) {
        const head = `${++seq} t=${Date.now()} `
        text += `${head}${'x'.repeat(LINE - head.length - 1)}\n`
      }
      return Buffer.from(text)
    }
    const started = performance.now()
    let due = started
    const pump = (): void => {
      // Catch up if a tick came late, so the offered rate stays 1 MB/s on a loaded machine.
      while (due <= performance.now()) {
        const c = chunk()
        written += c.length
        writer.write(c)
        due += TICK_MS
      }
      timer = setTimeout(pump, Math.max(0, due - performance.now()))
    }
    pump()

    const input = page.getByTestId('console-input')
    await input.click()
    let heapStart = 0
    let receivedAtStart = 0
    let measureFrom = 0
    const end = started + seconds * 1000
    while (performance.now() < end) {
      if (heapStart === 0 && performance.now() - started > 3000) {
        heapStart = await heapAfterGc(page)
        receivedAtStart = Number(await consoleRoot.getAttribute('data-bytes-in'))
        measureFrom = performance.now()
      }
      await page.keyboard.press('a')
      if ((await input.inputValue()).length > 60) await input.fill('')
      await new Promise((r) => setTimeout(r, 200))
    }
    clearTimeout(timer)
    const receivedAtEnd = Number(await consoleRoot.getAttribute('data-bytes-in'))
    const measuredSeconds = (performance.now() - measureFrom) / 1000
    const heapEnd = await heapAfterGc(page)
    const latencies = await page.evaluate(() => (window as unknown as { fdLatencies: number[] }).fdLatencies)
    const trimmed = Number(await consoleRoot.getAttribute('data-trimmed'))
    const rate = (receivedAtEnd - receivedAtStart) / measuredSeconds
    console.log(
      `serial console bench: ${seconds} s, ${(written / 1e6).toFixed(1)} MB offered, ${latencies.length} keys, ${trimmed} lines trimmed`,
    )
    return [
      { name: 'serial_console_text_rate', value: Math.round(rate / 1000) / 1000, unit: 'MB/s' },
      { name: 'serial_console_input_latency_p95', value: Math.round(p95(latencies)), unit: 'ms' },
      {
        name: 'serial_console_heap_growth',
        value: Math.round(((heapEnd - heapStart) / 1e6) * 10) / 10,
        unit: `MB (from ${(heapStart / 1e6).toFixed(1)} MB, over ${Math.round(measuredSeconds)} s)`,
      },
    ]
  } finally {
    clearTimeout(timer)
    if (writer.isOpen) await new Promise((r) => writer.close(r))
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    await ptys.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

// `tsx bench/serialConsoleBench.ts` runs this one alone (after `npm run build`).
if (process.argv[1]?.endsWith('serialConsoleBench.ts')) {
  const root = join(import.meta.dirname, '..')
  runSerialConsoleBench(root)
    .then((lines) => {
      for (const l of lines) console.log(`BENCH ${l.name} ${l.value} ${l.unit}`)
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exit(1)
    })
}
