import { config } from 'zod/v4/core'

// The window's CSP forbids eval. Zod probes `new Function` when it builds its first object schema
// (to compile fast parsers), and although it copes with the refusal, the browser reports a CSP
// violation for each probe. Jitless mode skips the probe. It must run before any schema module is
// evaluated, so main.tsx imports this first. (Only zod's tiny core config module is bundled here.)
config({ jitless: true })
