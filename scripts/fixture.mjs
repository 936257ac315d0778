// npm run fixture -- --machines N --data-dir D: fill a cache with a realistic fleet.
import { runEntry } from './lib/ensureBuilt.mjs'
runEntry('fixture', process.argv.slice(2))
