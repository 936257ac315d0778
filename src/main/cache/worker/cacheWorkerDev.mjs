// Worker entry when running from TypeScript sources (vitest, tsx). Node 20 does not apply
// `--import tsx` given in a Worker's execArgv to the worker's own module loading (the .ts entry
// fails with ERR_UNKNOWN_FILE_EXTENSION), so register tsx's hooks here, then load the real entry.
// The built app starts out/main/cacheWorker.js directly and never uses this file.
import { register } from 'tsx/esm/api'

register()
await import('./cacheWorker.ts')
