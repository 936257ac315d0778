import { createHub, type Hub } from '../../../../src/hub/server/createHub'
import type { Db } from '../../../../src/hub/db/Db'
import { freshDb } from '../../../hub/support/testStorage'
import { TEST_SEAL_KEY } from '../../../hub/support/testSealKey'
import { hubCaller, type HubCaller } from './hubAccounts'

export { addMachines, motor, signUp, type Config, type HubAccount, type HubMachine } from './hubAccounts'

export interface SyncHub extends HubCaller {
  url: string
  db: Db
  /** The hub stops answering (its port closes); the database stays. */
  stop(): Promise<void>
  /** The hub answers again, on the same port, over the same database. */
  restart(): Promise<void>
  close(): Promise<void>
}

/**
 * A real hub in this process on PGlite, on a loopback port (as tests/hub/support/testHub.ts starts
 * one), that can be stopped and started again on the same address: the desktop's offline case.
 */
export async function startSyncHub(): Promise<SyncHub> {
  const db = await freshDb('pglite')
  let hub: Hub | null = null
  let port = 0
  const listen = async (): Promise<void> => {
    hub = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY, allowSignup: true })
    const address = await hub.app.listen({ port, host: '127.0.0.1' })
    port = Number(new URL(address).port)
  }
  await listen()
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    const running = hub
    hub = null
    await running?.app.close()
  }
  return {
    url,
    db,
    stop,
    restart: listen,
    call: hubCaller(url).call,
    async close(): Promise<void> {
      await stop()
      await db.close()
    },
  }
}
