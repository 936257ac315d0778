/**
 * Crash-test child: `node --import tsx tests/main/cache/crashChild.ts <dataDir> <run>`. Opens the
 * cache and prints what its outbox holds (`state {...}`), then saves edits in a loop (with log
 * appends and setting writes mixed in), printing `ack <seq> <n>` only after save number `n`
 * resolved. The parent kills it with SIGKILL at random moments.
 */
import { isDeepStrictEqual } from 'node:util'
import { createCacheStore } from '../../../src/main/cache/createCacheStore'
import { crashConfig, crashPart } from './crashConfig'
import { isConfigEntry } from '../../../src/main/cache/OutboxEdit'

const dataDir = process.argv[2] ?? ''
const run = Number(process.argv[3])
if (!dataDir || !Number.isInteger(run)) throw new Error('usage: crashChild.ts <dataDir> <run>')
const write = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

async function main(): Promise<void> {
  // Short snapshot delays, so that kills land before, during and after snapshot writes.
  const store = createCacheStore({ dataDir, snapshotDelayMs: 20, snapshotMaxDelayMs: 100 })
  const report = await store.open()
  const outbox = (await store.listOutbox()).filter(isConfigEntry)
  const entries = outbox.map((e) => {
    const { run: r, n } = e.config as { run: number; n: number }
    const exact =
      isDeepStrictEqual(e.config, crashConfig(r, n)) && e.partId === crashPart(n) && e.author === `run-${r}`
    return [e.seq, r, n, exact ? 1 : 0]
  })
  write(
    `state ${JSON.stringify({ entries, replayed: report.replayed, notices: report.notices.map((n) => n.kind) })}`,
  )

  let n = 0
  for (;;) {
    // Mostly one save at a time; every fifth round a burst of concurrent saves (group commit).
    const burst = n % 5 === 0 ? 1 + (n % 4) : 1
    await Promise.all(
      Array.from({ length: burst }, async () => {
        const mine = ++n
        const entry = await store.saveLocalEdit({
          partId: crashPart(mine),
          baseRevision: run,
          config: crashConfig(run, mine),
          author: `run-${run}`,
        })
        write(`ack ${entry.seq} ${mine}`)
      }),
    )
    if (n % 13 === 0) {
      await store.appendLogs([
        {
          partId: crashPart(n),
          time: new Date().toISOString(),
          level: 'info',
          logger: 'crash',
          message: `n=${n}`,
          fields: { run },
        },
      ])
    }
    if (n % 17 === 0) await store.putSetting('crash.lastRun', run)
    // An occasional pause lets the debounced snapshot start between saves.
    if (n % 10 === 0) await new Promise((resolve) => setTimeout(resolve, n % 30))
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `crash child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exit(1)
})
