import type { TestHub } from '../testHub'
import type { World } from '../world'
import { sealedForTest } from '../testSealKey'

/**
 * The bad-input test shares one world across the catalog, and a fleet case's prepare deletes the
 * machines in G (to delete G): put mG and its part back when they are gone.
 */
export async function partG(hub: TestHub, w: World): Promise<void> {
  await hub.db.query(
    `INSERT INTO machines (id, org_id, location_id, name) VALUES ($1, $2, $3, 'mG') ON CONFLICT DO NOTHING`,
    [w.machine.mG, w.org, w.loc.G],
  )
  await hub.db.query(
    `INSERT INTO parts (id, machine_id, name, is_main, secret_sealed) VALUES ($1, $2, 'mG-main', true, $3) ON CONFLICT DO NOTHING`,
    [w.part.pG, w.machine.mG, sealedForTest(`secret-${w.part.pG}`)],
  )
}
