import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface WorkerScript {
  url: URL
}

/**
 * Where the cache worker's entry is. Built (electron-vite), this code sits in out/main/ or a chunk
 * below it, with the worker at out/main/cacheWorker.js. From TypeScript sources (vitest, tsx), the
 * worker starts through worker/cacheWorkerDev.mjs, which registers tsx in the worker first.
 */
export function cacheWorkerScript(moduleUrl: string = import.meta.url): WorkerScript {
  if (moduleUrl.endsWith('.ts')) return { url: new URL('./worker/cacheWorkerDev.mjs', moduleUrl) }
  const candidates = ['./cacheWorker.js', '../cacheWorker.js'].map((rel) => new URL(rel, moduleUrl))
  const found = candidates.find((url) => existsSync(fileURLToPath(url)))
  if (!found)
    throw new Error(
      `The cache worker (cacheWorker.js) is missing next to ${fileURLToPath(moduleUrl)}; rebuild the app.`,
    )
  return { url: found }
}
