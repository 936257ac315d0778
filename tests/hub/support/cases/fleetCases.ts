import { execute } from '../caseTools'
import type { RouteCase } from '../routeCase'
import type { World } from '../world'

const CONFIG = {
  components: [{ name: 'motor2', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 100 } }],
}

/** req('PATCH /v1/machines/:machineId', w => ({machineId: …}), body) */
const req =
  (route: string, params: (w: World) => Record<string, string>, body?: (w: World) => unknown) =>
  (w: World): ReturnType<RouteCase['request']> =>
    execute(route, params(w), body?.(w))

const MACHINE_ROLES_CANNOT_SEE_EMPTY = {
  columns: ['machineOwner', 'machineOperator'],
  why: 'a machine grant shows only the locations on its machine’s path, and an empty location holds no machine',
} as const

/** The core fleet routes (this branch's), each with the seed row it enforces. */
export const FLEET_CASES: readonly RouteCase[] = [
  // Organizations
  {
    route: 'POST /v1/orgs',
    action: 'org.create',
    request: req(
      'POST /v1/orgs',
      () => ({}),
      () => ({ name: 'New org' }),
    ),
  },
  {
    route: 'GET /v1/orgs/:orgId',
    action: 'org.seeOwnRole',
    request: req('GET /v1/orgs/:orgId', (w) => ({ orgId: w.org })),
  },
  {
    route: 'PATCH /v1/orgs/:orgId',
    action: 'org.editName',
    request: req(
      'PATCH /v1/orgs/:orgId',
      (w) => ({ orgId: w.org }),
      () => ({ name: 'Renamed' }),
    ),
  },
  {
    route: 'DELETE /v1/orgs/:orgId',
    action: 'org.delete',
    request: req('DELETE /v1/orgs/:orgId', (w) => ({ orgId: w.org })),
  },
  {
    route: 'POST /v1/orgs/:orgId/leave',
    action: 'org.leave',
    request: req('POST /v1/orgs/:orgId/leave', (w) => ({ orgId: w.org })),
  },

  // Locations
  {
    route: 'GET /v1/orgs/:orgId/locations',
    action: 'visible',
    request: req('GET /v1/orgs/:orgId/locations', (w) => ({ orgId: w.org })),
  },
  {
    route: 'GET /v1/locations/:locationId',
    action: 'visible',
    request: req('GET /v1/locations/:locationId', (w) => ({ locationId: w.loc.C })),
  },
  {
    route: 'GET /v1/locations/:locationId/machines',
    action: 'visible',
    request: req('GET /v1/locations/:locationId/machines', (w) => ({ locationId: w.loc.C })),
  },
  {
    route: 'POST /v1/orgs/:orgId/locations',
    action: 'location.createInOrg',
    request: req(
      'POST /v1/orgs/:orgId/locations',
      (w) => ({ orgId: w.org }),
      (w) => ({ name: 'New', parentId: w.loc.C }),
    ),
    optionalKeys: ['parentId'],
  },
  {
    route: 'PATCH /v1/locations/:locationId',
    action: 'location.editInfo',
    request: req(
      'PATCH /v1/locations/:locationId',
      (w) => ({ locationId: w.loc.G }),
      () => ({ name: 'G2' }),
    ),
  },
  // Within C's subtree (depth 3 allows no real move there): G moved under C, its parent.
  {
    route: 'POST /v1/locations/:locationId/move',
    action: 'location.move',
    request: req(
      'POST /v1/locations/:locationId/move',
      (w) => ({ locationId: w.loc.G }),
      (w) => ({ parentId: w.loc.C }),
    ),
  },
  {
    route: 'DELETE /v1/locations/:locationId',
    action: 'location.delete',
    request: req('DELETE /v1/locations/:locationId', (w) => ({ locationId: w.loc.G })),
    prepare: async (hub, w) => {
      await hub.db.query(`DELETE FROM machines WHERE location_id = $1`, [w.loc.G])
    },
    invisibleTo: MACHINE_ROLES_CANNOT_SEE_EMPTY,
  },
  {
    route: 'POST /v1/locations/:locationId/shares',
    action: 'location.addShared',
    request: req(
      'POST /v1/locations/:locationId/shares',
      (w) => ({ locationId: w.loc.C }),
      (w) => ({ orgId: w.org2 }),
    ),
  },
  {
    route: 'DELETE /v1/locations/:locationId/shares/:orgId',
    action: 'location.removeShared',
    request: req('DELETE /v1/locations/:locationId/shares/:orgId', (w) => ({
      locationId: w.loc.C,
      orgId: w.org2,
    })),
    prepare: async (hub, w) => {
      await hub.db.query(`INSERT INTO location_shares (location_id, org_id) VALUES ($1, $2)`, [
        w.loc.C,
        w.org2,
      ])
    },
  },
  {
    route: 'PUT /v1/locations/:locationId/support-access',
    action: 'location.editSupportAccess',
    request: req('PUT /v1/locations/:locationId/support-access', (w) => ({ locationId: w.loc.C })),
  },
  {
    route: 'DELETE /v1/locations/:locationId/support-access',
    action: 'location.editSupportAccess',
    request: req('DELETE /v1/locations/:locationId/support-access', (w) => ({ locationId: w.loc.C })),
    prepare: async (hub, w) => {
      await hub.db.query(`INSERT INTO support_access (location_id, granted_by) VALUES ($1, 'admin')`, [
        w.loc.C,
      ])
    },
  },

  // Machines
  {
    route: 'POST /v1/locations/:locationId/machines',
    action: 'location.createMachine',
    request: req(
      'POST /v1/locations/:locationId/machines',
      (w) => ({ locationId: w.loc.G }),
      () => ({ name: 'new-machine' }),
    ),
    optionalKeys: ['mainPartName'],
  },
  {
    route: 'GET /v1/machines/:machineId',
    action: 'machine.control',
    request: req('GET /v1/machines/:machineId', (w) => ({ machineId: w.machine.mG })),
  },
  {
    route: 'PATCH /v1/machines/:machineId',
    action: 'machine.editName',
    request: req(
      'PATCH /v1/machines/:machineId',
      (w) => ({ machineId: w.machine.mG }),
      () => ({ name: 'renamed' }),
    ),
  },
  {
    route: 'DELETE /v1/machines/:machineId',
    action: 'machine.delete',
    request: req('DELETE /v1/machines/:machineId', (w) => ({ machineId: w.machine.mG })),
  },
  {
    route: 'POST /v1/machines/:machineId/restart',
    action: 'machine.restart',
    request: req('POST /v1/machines/:machineId/restart', (w) => ({ machineId: w.machine.mG })),
  },

  // Parts
  {
    route: 'POST /v1/machines/:machineId/parts',
    action: 'machine.addPart',
    request: req(
      'POST /v1/machines/:machineId/parts',
      (w) => ({ machineId: w.machine.mG }),
      () => ({ name: 'arm' }),
    ),
    optionalKeys: ['main'],
  },
  {
    route: 'PATCH /v1/parts/:partId',
    action: 'machine.editPartName',
    request: req(
      'PATCH /v1/parts/:partId',
      (w) => ({ partId: w.part.pG }),
      () => ({ name: 'renamed-part' }),
    ),
  },
  {
    route: 'POST /v1/parts/:partId/main',
    action: 'machine.editConfig',
    request: req('POST /v1/parts/:partId/main', (w) => ({ partId: w.part.pG })),
  },
  {
    route: 'GET /v1/parts/:partId/secret',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/secret', (w) => ({ partId: w.part.pG })),
  },
  {
    route: 'POST /v1/parts/:partId/secret/rotate',
    action: 'machine.editConfig',
    request: req('POST /v1/parts/:partId/secret/rotate', (w) => ({ partId: w.part.pG })),
  },

  // Configs
  {
    route: 'GET /v1/parts/:partId/config',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/config', (w) => ({ partId: w.part.pG })),
  },
  {
    route: 'PUT /v1/parts/:partId/config',
    action: 'machine.editConfig',
    request: req(
      'PUT /v1/parts/:partId/config',
      (w) => ({ partId: w.part.pG }),
      (w) => ({ config: { ...CONFIG, fragments: [w.fragment] }, baseRevision: 1 }),
    ),
    optionalKeys: ['baseRevision'],
  },
  {
    route: 'GET /v1/parts/:partId/revisions',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/revisions', (w) => ({ partId: w.part.pG })),
  },
  {
    route: 'GET /v1/parts/:partId/revisions/:revision',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/revisions/:revision', (w) => ({ partId: w.part.pG, revision: '1' })),
  },
  {
    route: 'POST /v1/parts/:partId/revert',
    action: 'machine.editConfig',
    request: req(
      'POST /v1/parts/:partId/revert',
      (w) => ({ partId: w.part.pG }),
      () => ({ revision: 1 }),
    ),
  },
  {
    route: 'GET /v1/parts/:partId/effective-config',
    action: 'machine.seeAllTabs',
    request: req('GET /v1/parts/:partId/effective-config', (w) => ({ partId: w.part.pG })),
  },

  // Fragments
  {
    route: 'GET /v1/orgs/:orgId/fragments',
    action: 'fragment.seeAndUse',
    request: req('GET /v1/orgs/:orgId/fragments', (w) => ({ orgId: w.org })),
  },
  {
    route: 'POST /v1/orgs/:orgId/fragments',
    action: 'fragment.create',
    request: req(
      'POST /v1/orgs/:orgId/fragments',
      (w) => ({ orgId: w.org }),
      () => ({ name: 'frag', config: CONFIG }),
    ),
    optionalKeys: ['config'],
  },
  {
    route: 'GET /v1/fragments/:fragmentId',
    action: 'fragment.seeAndUse',
    request: req('GET /v1/fragments/:fragmentId', (w) => ({ fragmentId: w.fragment })),
  },
  {
    route: 'GET /v1/fragments/:fragmentId/revisions',
    action: 'fragment.seeAndUse',
    request: req('GET /v1/fragments/:fragmentId/revisions', (w) => ({ fragmentId: w.fragment })),
  },
  {
    route: 'GET /v1/fragments/:fragmentId/revisions/:revision',
    action: 'fragment.seeAndUse',
    request: req('GET /v1/fragments/:fragmentId/revisions/:revision', (w) => ({
      fragmentId: w.fragment,
      revision: '1',
    })),
  },
  {
    route: 'PUT /v1/fragments/:fragmentId/config',
    action: 'fragment.edit',
    request: req(
      'PUT /v1/fragments/:fragmentId/config',
      (w) => ({ fragmentId: w.fragment }),
      () => ({ config: CONFIG }),
    ),
  },
  {
    route: 'PATCH /v1/fragments/:fragmentId',
    action: 'fragment.edit',
    request: req(
      'PATCH /v1/fragments/:fragmentId',
      (w) => ({ fragmentId: w.fragment }),
      () => ({ name: 'F2' }),
    ),
  },
  {
    route: 'DELETE /v1/fragments/:fragmentId',
    action: 'fragment.edit',
    request: req('DELETE /v1/fragments/:fragmentId', (w) => ({ fragmentId: w.fragment })),
  },
]
