import { parseArgs } from 'node:util'
import { resolveDataDir } from './app/dataDir'
import { createCacheStore } from './cache/createCacheStore'
import { IDENTITY_SETTING } from './core/FleetCore'
import { generateFleet } from './fixture/generateFleet'
import { errorMessage } from '../shared/errors/errorMessage'

/**
 * `npm run fixture -- --machines N --data-dir D`: fills a cache with a realistic fleet for tests,
 * benches and a first look. Replaces whatever fleet the cache held.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      machines: { type: 'string', default: '200' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '42' },
      revisions: { type: 'string', default: '5' },
      logs: { type: 'string', default: '5000' },
      quiet: { type: 'boolean', default: false },
    },
  })
  const count = (name: string, raw: string | undefined): number => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${raw}`)
    return n
  }
  const machines = count('machines', values.machines)
  const dataDir = resolveDataDir(values['data-dir'])
  const started = Date.now()
  const generated = generateFleet({
    machines,
    seed: count('seed', values.seed),
    revisionsPerPart: Math.max(1, count('revisions', values.revisions)),
    logs: count('logs', values.logs),
  })
  const cache = createCacheStore({ dataDir })
  const report = await cache.open()
  for (const notice of report.notices) console.error(`fleetdesk: ${notice.message}`)
  let shown = -1
  await cache.importFleet(generated.fleet, (fraction) => {
    const pct = Math.floor(fraction * 10) * 10
    if (!values.quiet && pct !== shown) {
      shown = pct
      process.stderr.write(`\rimporting fleet ${pct}%`)
    }
  })
  if (!values.quiet) process.stderr.write('\n')
  await cache.appendLogs(generated.logs)
  await cache.putSetting(IDENTITY_SETTING, generated.defaultUserEmail)
  await cache.close()
  const f = generated.fleet
  console.log(
    `fixture: ${f.orgs.length} organizations, ${f.locations.length} locations, ${f.machines.length} machines, ` +
      `${f.parts.length} parts, ${f.revisions.length} revisions, ${generated.logs.length} log entries in ${dataDir} ` +
      `(${Date.now() - started} ms)`,
  )
  if (!values.quiet) {
    console.log(`acting as ${generated.defaultUserEmail}; other users (npm run serve -- --as EMAIL):`)
    for (const u of generated.roleUsers)
      console.log(`  ${u.email.padEnd(32)} ${u.role} of ${u.level} ${u.resourceName}`)
  }
}

main().catch((err: unknown) => {
  console.error(`fixture: ${errorMessage(err)}`)
  process.exit(1)
})
