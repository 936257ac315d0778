import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { crashConfig, crashPart } from './crashConfig'
import { makeStore, tempDataDir } from './cacheTestKit'
import { isConfigEntry } from '../../../src/main/cache/OutboxEdit'

const CHILD = fileURLToPath(new URL('./crashChild.ts', import.meta.url))
const KILLS = 50

interface ChildState {
  entries: Array<[seq: number, run: number, n: number, exact: 0 | 1]>
  replayed: number
  notices: string[]
}

interface Round {
  state: ChildState | null
  /** From spawn to the state line. */
  startMs: number | null
  acks: Array<[seq: number, n: number]>
  stderr: string
  exit: { code: number | null; signal: NodeJS.Signals | null }
}

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1))

/**
 * Runs one child and kills it: usually 50-300 ms after it opened the cache; every fifth run instead
 * at a random moment around the time its start took before (`startMs`), to hit open and replay.
 */
function runChild(dataDir: string, run: number, startMs: number): Promise<Round> {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const round: Round = {
      state: null,
      startMs: null,
      acks: [],
      stderr: '',
      exit: { code: null, signal: null },
    }
    let buffered = ''
    let timer: NodeJS.Timeout | null = null
    const killLater = (ms: number): void => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms)
    }
    if (run % 5 === 0) killLater(randomInt(Math.round(startMs * 0.6), Math.round(startMs * 1.1)))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      let newline: number
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        if (line.startsWith('state ')) {
          round.state = JSON.parse(line.slice(6)) as ChildState
          round.startMs = Date.now() - started
          killLater(randomInt(50, 300))
        } else if (line.startsWith('ack ')) {
          const [, seq, n] = line.split(' ')
          round.acks.push([Number(seq), Number(n)])
        }
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (round.stderr += chunk))
    // A child that never gets going is killed too (and then fails the checks below).
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      clearTimeout(guard)
      round.exit = { code, signal }
      resolve(round)
    })
  })
}

describe('crash safety', () => {
  it(
    `keeps every acknowledged edit, exactly, across ${KILLS} SIGKILLs at random moments`,
    // A bound for a hung run, not a speed check: 50 child processes on a loaded CI machine.
    { timeout: 600_000 },
    async () => {
      const dataDir = tempDataDir()
      /** seq -> [run, n] of every save a child acknowledged. */
      const acked = new Map<number, [number, number]>()
      let opened = 0
      let totalAcks = 0
      let replayed = 0
      const notices = new Set<string>()
      let startMs = 800
      for (let run = 1; run <= KILLS; run++) {
        const round = await runChild(dataDir, run, startMs)
        if (round.startMs !== null) startMs = round.startMs
        expect(round.exit, `run ${run} must die by SIGKILL, not by itself: ${round.stderr}`).toEqual({
          code: null,
          signal: 'SIGKILL',
        })
        if (round.state) {
          opened++
          replayed += round.state.replayed
          for (const kind of round.state.notices) notices.add(kind)
          const present = new Map(round.state.entries.map(([seq, r, n, exact]) => [seq, { r, n, exact }]))
          for (const [seq, [r, n]] of acked) {
            const found = present.get(seq)
            expect(
              found,
              `acknowledged seq ${seq} (run ${r}, edit ${n}) is missing after run ${run - 1} was killed`,
            ).toBeDefined()
            expect(found).toEqual({ r, n, exact: 1 })
          }
          expect(round.state.entries.filter(([, , , exact]) => exact !== 1)).toEqual([])
          // Seqs only grow: a new edit never takes a seq that is already in the outbox.
          const maxPresent = Math.max(0, ...round.state.entries.map(([seq]) => seq))
          if (round.acks.length > 0)
            expect(Math.min(...round.acks.map(([seq]) => seq))).toBeGreaterThan(maxPresent)
        }
        for (const [seq, n] of round.acks) {
          expect(acked.has(seq), `seq ${seq} acknowledged twice`).toBe(false)
          acked.set(seq, [run, n])
        }
        totalAcks += round.acks.length
      }
      // Enough was exercised to mean something, even when a busy machine slows every child down.
      expect(opened).toBeGreaterThanOrEqual(KILLS * 0.5)
      expect(totalAcks).toBeGreaterThan(KILLS * 2)
      // Both paths were exercised: edits recovered from the journal, and from snapshots (far fewer
      // records replayed than acknowledged).
      expect(replayed).toBeGreaterThan(0)
      expect(replayed).toBeLessThan(totalAcks)

      // Finally, in this process: everything acknowledged is there, byte for byte.
      const store = makeStore({ dataDir })
      const report = await store.open()
      for (const notice of report.notices) expect(notice.kind).toBe('journal-tail-truncated')
      const outbox = new Map((await store.listOutbox()).filter(isConfigEntry).map((e) => [e.seq, e]))
      for (const [seq, [run, n]] of acked) {
        const entry = outbox.get(seq)
        expect(entry, `seq ${seq}`).toBeDefined()
        expect(isDeepStrictEqual(entry?.config, crashConfig(run, n))).toBe(true)
        expect(entry?.partId).toBe(crashPart(n))
      }
      await store.close()
      console.info(
        `crash test: ${KILLS} kills, ${opened} verified reopenings, ${totalAcks} acknowledged edits, ${replayed} journal records replayed, notices seen: ${[...notices].join(', ') || 'none'}`,
      )
    },
  )
})
