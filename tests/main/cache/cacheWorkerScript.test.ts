import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cacheWorkerScript } from '../../../src/main/cache/cacheWorkerScript'
import { config, makeStore, partId, smallFleet, tempDataDir } from './cacheTestKit'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BUILT_WORKER = join(ROOT, 'out', 'main', 'cacheWorker.js')

function newestSourceMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full))
    else if (/\.(ts|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs)
  }
  return newest
}

const builtIsFresh =
  existsSync(BUILT_WORKER) &&
  statSync(BUILT_WORKER).mtimeMs >=
    Math.max(
      newestSourceMtime(join(ROOT, 'src', 'main', 'cache')),
      newestSourceMtime(join(ROOT, 'src', 'shared', 'errors')),
    )

describe('cacheWorkerScript', () => {
  it('starts the TypeScript worker through the tsx bootstrap when running from sources', () => {
    const script = cacheWorkerScript(pathToFileURL(join(ROOT, 'src/main/cache/cacheWorkerScript.ts')).href)
    expect(fileURLToPath(script.url)).toBe(join(ROOT, 'src/main/cache/worker/cacheWorkerDev.mjs'))
    expect(existsSync(script.url)).toBe(true)
  })

  it('finds the built worker next to the bundle, or one level up from a shared chunk', () => {
    const out = join(tempDataDir(), 'out', 'main')
    mkdirSync(join(out, 'chunks'), { recursive: true })
    writeFileSync(join(out, 'cacheWorker.js'), '')
    expect(fileURLToPath(cacheWorkerScript(pathToFileURL(join(out, 'index.js')).href).url)).toBe(
      join(out, 'cacheWorker.js'),
    )
    expect(
      fileURLToPath(cacheWorkerScript(pathToFileURL(join(out, 'chunks', 'FleetCore-abc.js')).href).url),
    ).toBe(join(out, 'cacheWorker.js'))
    expect(() => cacheWorkerScript(pathToFileURL(join(tempDataDir(), 'index.js')).href)).toThrow(
      /cacheWorker\.js\) is missing/,
    )
  })

  // The built worker exists once `npx electron-vite build` ran; skipped when it is missing or older
  // than the sources (it would test old code).
  it.skipIf(!builtIsFresh)('works with the built worker (out/main/cacheWorker.js)', async () => {
    const dataDir = tempDataDir()
    const store = makeStore({ dataDir, workerScript: pathToFileURL(BUILT_WORKER) })
    await store.open()
    await store.importFleet(smallFleet())
    const entry = await store.saveLocalEdit({
      partId: partId('m-1-p1'),
      baseRevision: 3,
      config: config(9),
      author: 'a',
    })
    await store.close()
    const again = makeStore({ dataDir })
    await again.open()
    expect(await again.listOutbox()).toEqual([entry])
    expect((await again.getFleetIndex()).machines).toHaveLength(2)
  })
})
