// npm test: every check and every test runner, then one line `N passed, N failed` over all of them.
// Type-checking and lint count as one check each, so a type error fails the run like a failed test.
// `node scripts/test.mjs vitest cross-check` runs only the named steps (see STEPS).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crossCheckConfig, findSharedFolder } from './lib/crosscheck.mjs'
import { ensureBuilt, root } from './lib/ensureBuilt.mjs'

const bin = (name) => join(root, 'node_modules', '.bin', name)
const reports = mkdtempSync(join(tmpdir(), 'fleetdesk-test-'))
let passed = 0
let failed = 0
let skipped = 0

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  process.stdout.write(
    `=== ${label}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s ===\n`,
  )
  return result.status === 0
}

function check(label, command, args) {
  if (run(label, command, args)) passed++
  else failed++
}

/** A Vitest run whose test counts join the totals; a run that failed is never counted as passing. */
function vitest(label, name, args, env) {
  const json = join(reports, `${name}.json`)
  const ok = run(
    label,
    bin('vitest'),
    ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    env,
  )
  const failedBefore = failed
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, 'utf8'))
    // A file that failed with none of its tests failing (it did not load, or a beforeAll/afterAll
    // hook threw or timed out) is missing from the test counts: count it as one failure.
    const failedOutsideTests = r.testResults.filter(
      (s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed'),
    )
    passed += r.numPassedTests
    failed += r.numFailedTests + failedOutsideTests.length
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
  }
  // Vitest also fails a run for errors no test owns (an unhandled rejection between tests).
  if (!ok && failed === failedBefore) failed++
}

const STEPS = {
  typecheck: () =>
    check('typecheck', 'sh', [
      '-c',
      `for p in node web tools; do ${bin('tsc')} -p tsconfig.$p.json --noEmit || exit 1; done`,
    ]),
  lint: () => check('lint', bin('eslint'), ['--max-warnings=0', '.']),
  format: () =>
    check('format', process.execPath, [
      join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
      '--check',
      '--log-level=warn',
      'src/**/*.{ts,tsx}',
      'tests/**/*.ts',
      'bench/**/*.ts',
      'examples/**/*.ts',
      'scripts/**/*.mjs',
      '*.ts',
      '*.js',
    ]),
  vitest: () => vitest('vitest (unit and integration)', 'vitest', []),
  // The cross-checks against the team's own documents: only where that folder is beside the clone.
  'cross-check': () => {
    const shared = findSharedFolder()
    if (shared.dir) {
      vitest(
        'cross-check (fixtures against the seed documents)',
        'crosscheck',
        ['--config', crossCheckConfig],
        {
          FLEETDESK_SHARED_DIR: shared.dir,
        },
      )
    } else {
      process.stdout.write(`\ncross-check: skipped, ${shared.reason}\n`)
      skipped++
    }
  },
  e2e: () => {
    const json = join(reports, 'playwright.json')
    const ok = run('playwright (end to end, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: json,
    })
    if (existsSync(json)) {
      const s = JSON.parse(readFileSync(json, 'utf8')).stats
      passed += s.expected + s.flaky
      failed += s.unexpected
      skipped += s.skipped
      if (!ok && s.unexpected === 0) failed++
    } else if (!ok) failed++
  },
}

const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !Object.hasOwn(STEPS, name))
if (unknown.length > 0) {
  console.error(`unknown step ${unknown.join(', ')}; the steps are: ${Object.keys(STEPS).join(', ')}`)
  process.exit(2)
}
// Built first: the end-to-end tests and one cache test run the built app (out/).
if (chosen.length === 0 || chosen.includes('vitest') || chosen.includes('e2e')) ensureBuilt()
for (const [name, step] of Object.entries(STEPS)) if (chosen.length === 0 || chosen.includes(name)) step()

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 ? 0 : 1)
