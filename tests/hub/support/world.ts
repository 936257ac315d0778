import type { Column } from '../../../src/shared/access/permissionTable'
import type { GrantResource, Role } from '../../../src/shared/domain/model'
import type { LocationId, MachineId, OrgId, UserId } from '../../../src/shared/ids'
import { createApiKey } from '../../../src/hub/auth/apiKeys'
import { insertGrant } from '../../../src/hub/auth/grants'
import { createSession } from '../../../src/hub/auth/sessions'
import { insertUser } from '../../../src/hub/auth/users'
import type { Queryable } from '../../../src/hub/db/Db'
import { newId } from '../../../src/hub/core/ids'
import { sealedForTest } from './testSealKey'

/**
 * A small fleet written straight into the database (fast, and independent of the routes under
 * test), the same shape as tests/shared/access/accessWorld.ts:
 *   org O: R (root) > C > G, and S (root); machines mR in R, mC in C, mG in G, mS in S; each with
 *   a main part and one config revision; fragment F (one revision).
 *   org O2: X (root), machine mX: another organization, for sharing and out-of-reach checks.
 * Column grants sit on O, on C and on mG (see columnResource).
 */
export interface World {
  org: OrgId
  org2: OrgId
  loc: { R: LocationId; C: LocationId; G: LocationId; S: LocationId; X: LocationId }
  machine: { mR: MachineId; mC: MachineId; mG: MachineId; mS: MachineId; mX: MachineId }
  part: { pR: string; pC: string; pG: string; pS: string; pX: string }
  fragment: string
  /** Owner of both organizations (so no column actor is ever the last owner), as a session header. */
  adminAuth: string
}

const CONFIG = { components: [{ name: 'motor1', api: 'rdk:component:motor', model: 'fake', attributes: {} }] }

async function machineWithPart(
  tx: Queryable,
  orgId: string,
  locationId: string,
  name: string,
): Promise<[MachineId, string]> {
  const machineId = newId('mch')
  const partId = newId('prt')
  await tx.query(`INSERT INTO machines (id, org_id, location_id, name) VALUES ($1, $2, $3, $4)`, [
    machineId,
    orgId,
    locationId,
    name,
  ])
  await tx.query(
    `INSERT INTO parts (id, machine_id, name, is_main, secret_sealed, revision) VALUES ($1, $2, $3, true, $4, 1)`,
    [partId, machineId, `${name}-main`, sealedForTest(`secret-${partId}`)],
  )
  await tx.query(
    `INSERT INTO config_revisions (part_id, revision, config, author, source) VALUES ($1, 1, $2::jsonb, 'world', 'fixture')`,
    [partId, JSON.stringify(CONFIG)],
  )
  return [machineId as MachineId, partId]
}

export async function seedWorld(db: {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
}): Promise<World> {
  return db.transaction(async (tx) => {
    const org = newId('org') as OrgId
    const org2 = newId('org') as OrgId
    await tx.query(`INSERT INTO organizations (id, name) VALUES ($1, 'World'), ($2, 'Other')`, [org, org2])
    const loc = {
      R: newId('loc'),
      C: newId('loc'),
      G: newId('loc'),
      S: newId('loc'),
      X: newId('loc'),
    } as World['loc']
    const rows: [string, string, string | null, string][] = [
      [loc.R, org, null, 'R'],
      [loc.C, org, loc.R, 'C'],
      [loc.G, org, loc.C, 'G'],
      [loc.S, org, null, 'S'],
      [loc.X, org2, null, 'X'],
    ]
    for (const [id, o, parent, name] of rows) {
      await tx.query(`INSERT INTO locations (id, org_id, parent_id, name) VALUES ($1, $2, $3, $4)`, [
        id,
        o,
        parent,
        name,
      ])
    }
    const [mR, pR] = await machineWithPart(tx, org, loc.R, 'mR')
    const [mC, pC] = await machineWithPart(tx, org, loc.C, 'mC')
    const [mG, pG] = await machineWithPart(tx, org, loc.G, 'mG')
    const [mS, pS] = await machineWithPart(tx, org, loc.S, 'mS')
    const [mX, pX] = await machineWithPart(tx, org2, loc.X, 'mX')
    const fragment = newId('frg')
    await tx.query(`INSERT INTO fragments (id, org_id, name, revision) VALUES ($1, $2, 'F', 1)`, [
      fragment,
      org,
    ])
    await tx.query(
      `INSERT INTO fragment_revisions (fragment_id, revision, config, author) VALUES ($1, 1, $2::jsonb, 'world')`,
      [
        fragment,
        JSON.stringify({
          components: [{ name: 'fragcam', api: 'rdk:component:camera', model: 'fake', attributes: {} }],
        }),
      ],
    )
    const admin = await insertUser(tx, {
      email: `${newId('admin')}@test.example`,
      name: 'admin',
      passwordHash: 'none',
    })
    for (const o of [org, org2]) {
      await insertGrant(tx, {
        subject: { kind: 'user', id: admin.id as UserId },
        role: 'owner',
        resource: { kind: 'organization', id: o },
        orgId: o,
      })
    }
    const adminAuth = `Bearer ${(await createSession(tx, admin.id)).token}`
    return {
      org,
      org2,
      loc,
      machine: { mR, mC, mG, mS, mX },
      part: { pR, pC, pG, pS, pX },
      fragment,
      adminAuth,
    }
  })
}

export type SubjectKind = 'user' | 'api-key'

/**
 * The resource a column's grant sits on: O, location C (the middle of R > C > G), machine mG (in
 * the deepest location, so the machine roles see R, C and G and every location row's target).
 */
export function columnResource(world: World, column: Column): GrantResource {
  if (column.startsWith('org')) return { kind: 'organization', id: world.org }
  if (column.startsWith('location')) return { kind: 'location', id: world.loc.C }
  return { kind: 'machine', id: world.machine.mG }
}

export const columnRole = (column: Column): Role => (column.endsWith('Owner') ? 'owner' : 'operator')

/**
 * A new subject holding the given grants, and the Authorization header it calls with: a user with
 * a session, or an API key. Users get no password (they never sign in here).
 */
export async function actorWith(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  kind: SubjectKind,
  orgId: string,
  grants: readonly { role: Role; resource: GrantResource; orgId?: string }[],
): Promise<{ auth: string; id: string }> {
  return db.transaction(async (tx) => {
    if (kind === 'api-key') {
      const key = await createApiKey(tx, {
        orgId,
        name: 'test',
        grants: grants.map((g) => ({ ...g, orgId: g.orgId ?? orgId })),
      })
      return { auth: `ApiKey ${key.id}:${key.secret}`, id: key.id }
    }
    const user = await insertUser(tx, { email: `${newId('u')}@test.example`, name: '', passwordHash: 'none' })
    for (const g of grants) {
      await insertGrant(tx, {
        subject: { kind: 'user', id: user.id as UserId },
        role: g.role,
        resource: g.resource,
        orgId: g.orgId ?? orgId,
      })
    }
    const session = await createSession(tx, user.id)
    return { auth: `Bearer ${session.token}`, id: user.id }
  })
}

/** The actor of a seed column in the world: its one grant on O, C or mG. */
export function columnActor(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  world: World,
  column: Column,
  kind: SubjectKind,
): Promise<{ auth: string; id: string }> {
  return actorWith(db, kind, world.org, [
    { role: columnRole(column), resource: columnResource(world, column) },
  ])
}
