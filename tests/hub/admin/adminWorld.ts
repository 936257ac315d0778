import type { FastifyInstance } from 'fastify'
import { createApiKey } from '../../../src/hub/auth/apiKeys'
import { insertGrant } from '../../../src/hub/auth/grants'
import { createSession } from '../../../src/hub/auth/sessions'
import type { Db, StorageKind } from '../../../src/hub/db/Db'
import { createHub } from '../../../src/hub/server/createHub'
import type { Column } from '../../../src/shared/access/permissionTable'
import type { GrantResource, Role } from '../../../src/shared/domain/model'
import type { LocationId, MachineId, OrgId, UserId } from '../../../src/shared/ids'
import { freshDb } from '../support/testStorage'
import { sealedForTest, TEST_SEAL_KEY } from '../support/testSealKey'

/**
 * A small fleet on a real hub for the administration routes' tests:
 *   org O: R > C > G, S (top level); machines mC in C (part pC), mS in S (part pS), mG in G
 *   org X: another organization, with its owner
 * One person per seed column: org owner/operator on O, location owner/operator on C, machine
 * owner/operator on mC, each with a session and an API key holding the same grant.
 */
export const COLUMN_LIST: readonly Column[] = [
  'orgOwner',
  'orgOperator',
  'locationOwner',
  'locationOperator',
  'machineOwner',
  'machineOperator',
]

export interface Person {
  userId: string
  email: string
  session: string
  /** `ApiKey <id>:<secret>` of a key with this person's grant. */
  apiKey: string
}

export interface World {
  db: Db
  app: FastifyInstance
  orgId: OrgId
  otherOrgId: OrgId
  loc: Record<'R' | 'C' | 'G' | 'S', LocationId>
  machine: Record<'mC' | 'mS' | 'mG', MachineId>
  part: Record<'pC' | 'pS', string>
  partSecret: Record<'pC' | 'pS', string>
  people: Record<Column, Person>
  /** Owner of the other organization. */
  stranger: Person
  addPerson(
    email: string,
    grants: readonly { role: Role; resource: GrantResource; orgId: string }[],
  ): Promise<Person>
  close(): Promise<void>
}

export const bearer = (p: Person): Record<string, string> => ({ authorization: `Bearer ${p.session}` })
export const keyAuth = (p: Person): Record<string, string> => ({ authorization: p.apiKey })

/** A hub on a fresh migrated database of the harness (PGlite from its template, or a new PostgreSQL database). */
export async function openWorld(storage: StorageKind): Promise<World> {
  const db = await freshDb(storage)
  const { app } = await createHub(db, { logLevel: false, sealKey: TEST_SEAL_KEY })
  const orgId = 'org_O' as OrgId
  const otherOrgId = 'org_X' as OrgId
  const loc = { R: 'loc_R', C: 'loc_C', G: 'loc_G', S: 'loc_S' } as Record<'R' | 'C' | 'G' | 'S', LocationId>
  const machine = { mC: 'mac_C', mS: 'mac_S', mG: 'mac_G' } as Record<'mC' | 'mS' | 'mG', MachineId>
  const part = { pC: 'prt_C', pS: 'prt_S' }
  const partSecret = { pC: 'secret-of-part-C-0123456789', pS: 'secret-of-part-S-0123456789' }
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO organizations (id, name) VALUES ($1, 'O'), ($2, 'X')`, [orgId, otherOrgId])
    await tx.query(
      `INSERT INTO locations (id, org_id, parent_id, name) VALUES ($1, $5, NULL, 'R'), ($2, $5, $1, 'C'), ($3, $5, $2, 'G'), ($4, $5, NULL, 'S')`,
      [loc.R, loc.C, loc.G, loc.S, orgId],
    )
    await tx.query(
      `INSERT INTO machines (id, org_id, location_id, name) VALUES ($1, $4, $5, 'mC'), ($2, $4, $6, 'mS'), ($3, $4, $7, 'mG')`,
      [machine.mC, machine.mS, machine.mG, orgId, loc.C, loc.S, loc.G],
    )
    await tx.query(
      `INSERT INTO parts (id, machine_id, name, is_main, secret_sealed) VALUES ($1, $3, 'main', true, $5), ($2, $4, 'main', true, $6)`,
      [part.pC, part.pS, machine.mC, machine.mS, sealedForTest(partSecret.pC), sealedForTest(partSecret.pS)],
    )
  })

  let seq = 0
  const addPerson = async (
    email: string,
    grants: readonly { role: Role; resource: GrantResource; orgId: string }[],
  ): Promise<Person> =>
    db.transaction(async (tx) => {
      const userId = `usr_${++seq}_${email.split('@')[0]}`
      await tx.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, '', 'x')`, [
        userId,
        email,
      ])
      for (const g of grants) await insertGrant(tx, { subject: { kind: 'user', id: userId as UserId }, ...g })
      const { token } = await createSession(tx, userId)
      const first = grants[0]
      const key = first
        ? await createApiKey(tx, { orgId: first.orgId, name: `${email} key`, grants })
        : { id: 'none', secret: 'none' }
      return { userId, email, session: token, apiKey: `ApiKey ${key.id}:${key.secret}` }
    })

  const onO = { kind: 'organization', id: orgId } as const
  const onC = { kind: 'location', id: loc.C } as const
  const onMC = { kind: 'machine', id: machine.mC } as const
  const g = (
    role: Role,
    resource: GrantResource,
  ): { role: Role; resource: GrantResource; orgId: string } => ({ role, resource, orgId })
  const people: Record<Column, Person> = {
    orgOwner: await addPerson('orgowner@example.com', [g('owner', onO)]),
    orgOperator: await addPerson('orgoperator@example.com', [g('operator', onO)]),
    locationOwner: await addPerson('locowner@example.com', [g('owner', onC)]),
    locationOperator: await addPerson('locoperator@example.com', [g('operator', onC)]),
    machineOwner: await addPerson('machowner@example.com', [g('owner', onMC)]),
    machineOperator: await addPerson('machoperator@example.com', [g('operator', onMC)]),
  }
  const stranger = await addPerson('stranger@example.com', [
    { role: 'owner', resource: { kind: 'organization', id: otherOrgId }, orgId: otherOrgId },
  ])
  return {
    db,
    app,
    orgId,
    otherOrgId,
    loc,
    machine,
    part,
    partSecret,
    people,
    stranger,
    addPerson,
    async close(): Promise<void> {
      await app.close()
      await db.close()
    },
  }
}

/** Rows of a table, to check that a refused request wrote nothing. */
export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`)
  return Number(rows[0]?.n ?? 0)
}
