import { createAccount } from './fleet/createAccount'
import { generatePassword, hashPassword } from './auth/password'
import { userCount } from './auth/users'
import { HUB_USAGE, parseHubArgs } from './cli/parseHubArgs'
import { openDb } from './db/openDb'
import { migrate } from './db/migrate'
import { createHub } from './server/createHub'
import { keySecretFromEnv, resolveHubSealKey } from './server/hubSealKey'

// `npm run hub -- --port P --data-dir D`: the hub on PGlite (or PostgreSQL with DATABASE_URL).
async function main(): Promise<void> {
  const parsed = parseHubArgs(process.argv.slice(2))
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`)
    process.exit(2)
  }
  const { args } = parsed
  if (args.help) {
    process.stdout.write(`${HUB_USAGE}\n`)
    return
  }
  const databaseUrl = process.env.DATABASE_URL
  // Before the database: PostgreSQL without FLEETDESK_HUB_KEY_SECRET is refused before any change.
  const sealKey = resolveHubSealKey({ storage: databaseUrl ? 'postgres' : 'pglite', dataDir: args.dataDir })
  const db = await openDb({ ...(databaseUrl ? { databaseUrl } : {}), dataDir: args.dataDir })
  const level = await migrate(db)

  if (args.createOwner !== null) {
    const password = generatePassword()
    const passwordHash = await hashPassword(password)
    try {
      const account = await db.transaction((tx) =>
        createAccount(tx, { email: args.createOwner as string, name: '', passwordHash }),
      )
      process.stdout.write(
        `Created ${args.createOwner}, owner of organization ${account.orgId}.\nPassword (shown once, keep it safe): ${password}\n`,
      )
    } catch (err) {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    }
    await db.close()
    return
  }

  const hub = await createHub(db, {
    allowSignup: args.allowSignup,
    trustProxy: args.trustProxy,
    sealKey,
    legacyKeySecret: keySecretFromEnv(),
  })
  const address = await hub.app.listen({ port: args.port, host: args.host })
  const storage = db.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${args.dataDir}`
  process.stdout.write(`Fleetdesk hub listening on ${address} (${storage}, migration level ${level}).\n`)
  if ((await userCount(db)) === 0) {
    process.stdout.write(
      args.allowSignup
        ? 'No account yet: sign up with POST /v1/auth/sign-up, or create the first owner with\n  npm run hub -- --create-owner you@example.com\n'
        : 'No account yet. Create the first owner (it prints a password once):\n  npm run hub -- --create-owner you@example.com' +
            (databaseUrl ? '' : ` --data-dir ${args.dataDir}`) +
            '\n',
    )
  }
  const stop = (): void => {
    void hub.app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(
    `The hub failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exit(1)
})
