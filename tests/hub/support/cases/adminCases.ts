import type { GrantResource } from '../../../../src/shared/domain/model'
import type { ApiKeyId } from '../../../../src/shared/ids'
import { createApiKey } from '../../../../src/hub/auth/apiKeys'
import { insertGrant } from '../../../../src/hub/auth/grants'
import { execute } from '../caseTools'
import type { RouteCase } from '../routeCase'
import type { TestHub } from '../testHub'
import type { World } from '../world'
import { partG } from './partG'

// The administration routes (members, invites, API keys, packages, usage, logs) in the hub's route
// catalog. Targets sit on machine mG (every column's grant reaches it), so "Yes*" cells are yes.
// Fixtures a route needs are written by `prepare` under ids derived from the world's org id.
// Not here: PUT /v1/packages/:packageId/versions/:version (a raw octet-stream body, which the
// catalog's JSON requests cannot carry; tests/hub/admin/adminRoleTable.test.ts covers it) and
// POST /v1/invites/accept (no seed row: any signed-in person with the code; membersRoutes.test.ts).

const req =
  (route: string, params: (w: World) => Record<string, string>, body?: (w: World) => unknown) =>
  (w: World): ReturnType<RouteCase['request']> =>
    execute(route, params(w), body?.(w))

const onMG = (w: World): GrantResource => ({ kind: 'machine', id: w.machine.mG })
const ids = (w: World) => ({
  user: `usr_${w.org}`,
  grant: `grt_${w.org}`,
  keyGrant: `kgr_${w.org}`,
  invite: `inv_${w.org}`,
  pkg: `pkg_${w.org}`,
})

async function member(hub: TestHub, w: World): Promise<void> {
  await hub.db.transaction(async (tx) => {
    // Idempotent: the bad-input test prepares several cases on one world.
    await tx.query(
      `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, '', 'none') ON CONFLICT DO NOTHING`,
      [ids(w).user, `${ids(w).user}@test.example`],
    )
    await tx.query(
      `INSERT INTO grants (id, subject_kind, subject_id, role, resource_kind, resource_id, org_id)
       VALUES ($1, 'user', $2, 'operator', 'machine', $3, $4) ON CONFLICT DO NOTHING`,
      [ids(w).grant, ids(w).user, w.machine.mG, w.org],
    )
  })
}

async function invite(hub: TestHub, w: World): Promise<void> {
  await hub.db.query(
    `INSERT INTO invites (id, org_id, email, role, resource_kind, resource_id, code_hash, invited_by, expires_at)
     VALUES ($1, $2, 'invitee@test.example', 'operator', 'machine', $3, $1, 'test', now() + interval '1 day')
     ON CONFLICT DO NOTHING`,
    [ids(w).invite, w.org, w.machine.mG],
  )
}

/** A key on mG; its id is written into the world-derived slot by renaming after creation. */
async function apiKey(hub: TestHub, w: World): Promise<void> {
  await hub.db.transaction(async (tx) => {
    if ((await tx.query(`SELECT 1 FROM api_keys WHERE id = $1`, [`key_${w.org}`])).length > 0) return
    const key = await createApiKey(tx, { orgId: w.org, name: 'k', grants: [] })
    await tx.query(`UPDATE api_keys SET id = $1 WHERE id = $2`, [`key_${w.org}`, key.id])
    await insertGrant(tx, {
      subject: { kind: 'api-key', id: `key_${w.org}` as ApiKeyId },
      role: 'operator',
      resource: onMG(w),
      orgId: w.org,
    })
    await tx.query(`UPDATE grants SET id = $1 WHERE subject_kind = 'api-key' AND subject_id = $2`, [
      ids(w).keyGrant,
      `key_${w.org}`,
    ])
  })
}

async function pkg(hub: TestHub, w: World, withVersion: boolean): Promise<void> {
  await hub.db.query(
    `INSERT INTO packages (id, org_id, name, kind) VALUES ($1, $2, 'model', 'ml_model') ON CONFLICT DO NOTHING`,
    [ids(w).pkg, w.org],
  )
  if (!withVersion) return
  await hub.db.query(
    `INSERT INTO package_versions (package_id, version, sha256, size, state) VALUES ($1, '1', $2, 5, 'ready') ON CONFLICT DO NOTHING`,
    [ids(w).pkg, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  )
  await hub.db.query(
    `INSERT INTO package_chunks (package_id, version, seq, data) VALUES ($1, '1', 0, decode('aGVsbG8=', 'base64')) ON CONFLICT DO NOTHING`,
    [ids(w).pkg],
  )
}

const org = (w: World): Record<string, string> => ({ orgId: w.org })
const logEntry = { time: '2026-01-01T00:00:00.000Z', level: 'info', message: 'hello' }

export const ADMIN_CASES: readonly RouteCase[] = [
  // Members
  {
    route: 'GET /v1/orgs/:orgId/members',
    action: 'org.seeOwnRole',
    request: req('GET /v1/orgs/:orgId/members', org),
  },
  {
    route: 'POST /v1/orgs/:orgId/members/:userId/grants',
    action: 'org.changeRole',
    prepare: member,
    request: req(
      'POST /v1/orgs/:orgId/members/:userId/grants',
      (w) => ({ orgId: w.org, userId: ids(w).user }),
      (w) => ({ role: 'owner', resource: onMG(w) }),
    ),
  },
  {
    route: 'PATCH /v1/orgs/:orgId/members/:userId/grants/:grantId',
    action: 'org.changeRole',
    prepare: member,
    request: req(
      'PATCH /v1/orgs/:orgId/members/:userId/grants/:grantId',
      (w) => ({ orgId: w.org, userId: ids(w).user, grantId: ids(w).grant }),
      () => ({ role: 'owner' }),
    ),
  },
  {
    route: 'DELETE /v1/orgs/:orgId/members/:userId/grants/:grantId',
    action: 'org.changeRole',
    prepare: member,
    request: req('DELETE /v1/orgs/:orgId/members/:userId/grants/:grantId', (w) => ({
      orgId: w.org,
      userId: ids(w).user,
      grantId: ids(w).grant,
    })),
  },
  {
    route: 'DELETE /v1/orgs/:orgId/members/:userId',
    action: 'org.changeRole',
    prepare: member,
    request: req('DELETE /v1/orgs/:orgId/members/:userId', (w) => ({ orgId: w.org, userId: ids(w).user })),
  },
  // Invites
  {
    route: 'POST /v1/orgs/:orgId/invites',
    action: 'org.invite',
    request: req('POST /v1/orgs/:orgId/invites', org, (w) => ({
      email: 'new@test.example',
      role: 'operator',
      resource: onMG(w),
    })),
  },
  {
    route: 'GET /v1/orgs/:orgId/invites',
    action: 'org.seeOwnRole',
    request: req('GET /v1/orgs/:orgId/invites', org),
  },
  {
    route: 'POST /v1/orgs/:orgId/invites/:inviteId/resend',
    action: 'org.invite',
    prepare: invite,
    request: req('POST /v1/orgs/:orgId/invites/:inviteId/resend', (w) => ({
      orgId: w.org,
      inviteId: ids(w).invite,
    })),
  },
  {
    route: 'DELETE /v1/orgs/:orgId/invites/:inviteId',
    action: 'org.invite',
    prepare: invite,
    request: req('DELETE /v1/orgs/:orgId/invites/:inviteId', (w) => ({
      orgId: w.org,
      inviteId: ids(w).invite,
    })),
  },
  // API keys
  {
    route: 'POST /v1/orgs/:orgId/api-keys',
    action: 'org.changeRole',
    request: req('POST /v1/orgs/:orgId/api-keys', org, (w) => ({
      name: 'ci',
      role: 'operator',
      resource: onMG(w),
    })),
    optionalKeys: ['name'],
  },
  {
    route: 'GET /v1/orgs/:orgId/api-keys',
    action: 'org.seeOwnRole',
    request: req('GET /v1/orgs/:orgId/api-keys', org),
  },
  {
    route: 'GET /v1/orgs/:orgId/api-keys/:keyId',
    action: 'org.changeRole',
    prepare: apiKey,
    request: req('GET /v1/orgs/:orgId/api-keys/:keyId', (w) => ({ orgId: w.org, keyId: `key_${w.org}` })),
  },
  {
    route: 'POST /v1/orgs/:orgId/api-keys/:keyId/grants',
    action: 'org.changeRole',
    prepare: apiKey,
    request: req(
      'POST /v1/orgs/:orgId/api-keys/:keyId/grants',
      (w) => ({ orgId: w.org, keyId: `key_${w.org}` }),
      (w) => ({ role: 'owner', resource: onMG(w) }),
    ),
  },
  {
    route: 'PATCH /v1/orgs/:orgId/api-keys/:keyId/grants/:grantId',
    action: 'org.changeRole',
    prepare: apiKey,
    request: req(
      'PATCH /v1/orgs/:orgId/api-keys/:keyId/grants/:grantId',
      (w) => ({ orgId: w.org, keyId: `key_${w.org}`, grantId: ids(w).keyGrant }),
      () => ({ role: 'owner' }),
    ),
  },
  {
    route: 'DELETE /v1/orgs/:orgId/api-keys/:keyId/grants/:grantId',
    action: 'org.changeRole',
    prepare: apiKey,
    request: req('DELETE /v1/orgs/:orgId/api-keys/:keyId/grants/:grantId', (w) => ({
      orgId: w.org,
      keyId: `key_${w.org}`,
      grantId: ids(w).keyGrant,
    })),
  },
  {
    route: 'DELETE /v1/orgs/:orgId/api-keys/:keyId',
    action: 'org.changeRole',
    prepare: apiKey,
    request: req('DELETE /v1/orgs/:orgId/api-keys/:keyId', (w) => ({ orgId: w.org, keyId: `key_${w.org}` })),
  },
  // Packages
  {
    route: 'POST /v1/orgs/:orgId/packages',
    action: 'package.upload',
    request: req('POST /v1/orgs/:orgId/packages', org, () => ({ name: 'detector', kind: 'ml_model' })),
  },
  {
    route: 'GET /v1/orgs/:orgId/packages',
    action: 'package.view',
    request: req('GET /v1/orgs/:orgId/packages', org),
  },
  {
    route: 'GET /v1/packages/:packageId',
    action: 'package.view',
    prepare: (hub, w) => pkg(hub, w, false),
    request: req('GET /v1/packages/:packageId', (w) => ({ packageId: ids(w).pkg })),
  },
  {
    route: 'GET /v1/packages/:packageId/versions/:version',
    action: 'package.use',
    prepare: (hub, w) => pkg(hub, w, true),
    request: req('GET /v1/packages/:packageId/versions/:version', (w) => ({
      packageId: ids(w).pkg,
      version: '1',
    })),
  },
  {
    route: 'DELETE /v1/packages/:packageId/versions/:version',
    action: 'package.delete',
    prepare: (hub, w) => pkg(hub, w, true),
    request: req('DELETE /v1/packages/:packageId/versions/:version', (w) => ({
      packageId: ids(w).pkg,
      version: '1',
    })),
  },
  {
    route: 'DELETE /v1/packages/:packageId',
    action: 'package.delete',
    prepare: (hub, w) => pkg(hub, w, false),
    request: req('DELETE /v1/packages/:packageId', (w) => ({ packageId: ids(w).pkg })),
  },
  // Usage and logs
  {
    route: 'GET /v1/orgs/:orgId/usage',
    action: 'org.seeBilling',
    request: req('GET /v1/orgs/:orgId/usage', org),
  },
  {
    route: 'POST /v1/parts/:partId/logs',
    action: 'machine.seeAllTabs',
    prepare: partG,
    request: req(
      'POST /v1/parts/:partId/logs',
      (w) => ({ partId: w.part.pG }),
      () => ({ entries: [logEntry] }),
    ),
  },
  {
    route: 'GET /v1/parts/:partId/logs',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/logs', (w) => ({ partId: w.part.pG })),
  },
  {
    route: 'GET /v1/orgs/:orgId/logs/retention',
    action: 'org.seeOwnRole',
    request: req('GET /v1/orgs/:orgId/logs/retention', org),
  },
  {
    route: 'PUT /v1/orgs/:orgId/logs/retention',
    action: 'org.editName',
    request: req('PUT /v1/orgs/:orgId/logs/retention', org, () => ({ maxAgeDays: 30, maxRowsPerPart: 1000 })),
  },
]
