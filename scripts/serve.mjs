// npm run serve -- --port P --data-dir D [--as EMAIL]: browser mode (see README).
import { runEntry } from './lib/ensureBuilt.mjs'
runEntry('serve', process.argv.slice(2))
