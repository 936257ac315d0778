/** The hub's command line, parsed without side effects (tested apart from starting anything). */
export interface HubArgs {
  port: number
  host: string
  dataDir: string
  createOwner: string | null
  allowSignup: boolean
  trustProxy: boolean
  help: boolean
}

export type ParsedArgs = { ok: true; args: HubArgs } | { ok: false; message: string }

export const HUB_USAGE = `Usage: npm run hub -- [options]
  --port P              port to listen on (default 8080)
  --host H              address to bind (default 127.0.0.1; 0.0.0.0 for the LAN)
  --data-dir D          PGlite data folder (default ./hub-data); ignored when DATABASE_URL is set
  --create-owner EMAIL  create a user owning a new organization, print its password once, and exit
  --allow-signup        let anyone create an account (off by default)
  --trust-proxy         take the client address from X-Forwarded-For (behind a TLS reverse proxy)
Environment: DATABASE_URL=postgres://... runs on PostgreSQL instead of PGlite.`

export function parseHubArgs(argv: readonly string[]): ParsedArgs {
  const args: HubArgs = {
    port: 8080,
    host: '127.0.0.1',
    dataDir: './hub-data',
    createOwner: null,
    allowSignup: false,
    trustProxy: false,
    help: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string
    const value = (): string | null => {
      const v = argv[i + 1]
      if (v === undefined || v.startsWith('--')) return null
      i += 1
      return v
    }
    switch (flag) {
      case '--port': {
        const v = value()
        const port = Number(v)
        if (v === null || !Number.isInteger(port) || port < 0 || port > 65535)
          return { ok: false, message: `--port needs a port number (0–65535), got ${v ?? 'nothing'}.` }
        args.port = port
        break
      }
      case '--host': {
        const v = value()
        if (v === null) return { ok: false, message: '--host needs an address.' }
        args.host = v
        break
      }
      case '--data-dir': {
        const v = value()
        if (v === null) return { ok: false, message: '--data-dir needs a folder.' }
        args.dataDir = v
        break
      }
      case '--create-owner': {
        const v = value()
        if (v === null || !/^[^\s@]+@[^\s@]+$/.test(v))
          return { ok: false, message: '--create-owner needs an email address.' }
        args.createOwner = v
        break
      }
      case '--allow-signup':
        args.allowSignup = true
        break
      case '--trust-proxy':
        args.trustProxy = true
        break
      case '--help':
      case '-h':
        args.help = true
        break
      default:
        return { ok: false, message: `Unknown option ${flag}.\n${HUB_USAGE}` }
    }
  }
  return { ok: true, args }
}
