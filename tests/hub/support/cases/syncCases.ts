import { execute } from '../caseTools'
import type { RouteCase } from '../routeCase'
import type { TestHub } from '../testHub'
import type { World } from '../world'
import { partG } from './partG'

// The sync area's routes that one seed row decides. Not here: POST /v1/push (answers 200 with a
// per-edit outcome; each edit's row is checked in tests/hub/sync/feedAndPush.test.ts), GET
// /v1/changes and its stream (every signed-in caller; rows filtered per reader), GET /v1/keys
// (public) and the agent routes (part id and secret, not roles).

/** The world's one conflict, on pG (every column's grant reaches mG), with an id derived from it. */
const conflictId = (w: World): string => `cfl_${w.part.pG}`

async function withConflict(hub: TestHub, w: World): Promise<void> {
  await partG(hub, w)
  const config = JSON.stringify({ components: [] })
  await hub.db.query(
    `INSERT INTO config_conflicts (id, part_id, base_revision, head_revision, base, head, edit, merged, conflicts, author)
     VALUES ($1, $2, 1, 1, $3::jsonb, $3::jsonb, $3::jsonb, $3::jsonb, '[]'::jsonb, 'world') ON CONFLICT (id) DO NOTHING`,
    [conflictId(w), w.part.pG, config],
  )
}

const RESOLUTION = {
  components: [{ name: 'motor1', api: 'rdk:component:motor', model: 'fake', attributes: { max_rpm: 42 } }],
}

export const SYNC_CASES: readonly RouteCase[] = [
  {
    route: 'POST /v1/parts/:partId/token',
    action: 'machine.control',
    request: (w) => execute('POST /v1/parts/:partId/token', { partId: w.part.pG }, { ttlSeconds: 300 }),
    optionalKeys: ['ttlSeconds'],
  },
  {
    route: 'GET /v1/parts/:partId/status',
    action: 'machine.control',
    request: (w) => execute('GET /v1/parts/:partId/status', { partId: w.part.pG }),
  },
  {
    route: 'GET /v1/parts/:partId/conflicts',
    action: 'machine.seeAllTabs',
    request: (w) => execute('GET /v1/parts/:partId/conflicts', { partId: w.part.pG }),
  },
  {
    route: 'GET /v1/conflicts/:conflictId',
    action: 'machine.seeAllTabs',
    prepare: withConflict,
    request: (w) => execute('GET /v1/conflicts/:conflictId', { conflictId: conflictId(w) }),
  },
  {
    route: 'POST /v1/conflicts/:conflictId/resolve',
    action: 'machine.editConfig',
    prepare: withConflict,
    request: (w) =>
      execute(
        'POST /v1/conflicts/:conflictId/resolve',
        { conflictId: conflictId(w) },
        { config: RESOLUTION },
      ),
  },
]
