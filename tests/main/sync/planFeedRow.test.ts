import { describe, expect, it } from 'vitest'
import type { FeedChange, FeedEntry } from '../../../src/shared/sync/hubWire'
import { planFeedRow } from '../../../src/main/sync/planFeedRow'

let cursor = 0
const change = (
  kind: string,
  op: FeedChange['op'],
  body: Record<string, unknown>,
  extra: Partial<FeedChange> = {},
): FeedEntry => ({
  cursor: ++cursor,
  at: '2026-03-01T10:00:00.000Z',
  kind,
  resourceId: String(body.id ?? body.partId ?? 'x'),
  orgId: 'org_1',
  locationPath: ['loc_1'],
  machineId: 'mch_1',
  op,
  body,
  actor: 'ada@example.com',
  ...extra,
})
const removal = (kind: string, resourceId: string): FeedEntry => ({
  cursor: ++cursor,
  kind,
  resourceId,
  op: 'delete',
  removed: 'out-of-reach',
})

describe('planFeedRow: a hub change row to cache operations', () => {
  it('creates and renames organizations, locations, machines and parts, each with what the row says', () => {
    expect(planFeedRow(change('organization', 'create', { id: 'org_1', name: 'Plant' })).ops).toEqual([
      {
        op: 'putOrg',
        id: 'org_1',
        create: { id: 'org_1', name: 'Plant', createdAt: '2026-03-01T10:00:00.000Z' },
        patch: { name: 'Plant' },
      },
    ])
    expect(
      planFeedRow(
        change('location', 'create', { id: 'loc_2', orgId: 'org_1', parentId: 'loc_1', name: 'Hall' }),
      ).ops,
    ).toEqual([
      {
        op: 'putLocation',
        id: 'loc_2',
        create: { id: 'loc_2', orgId: 'org_1', parentId: 'loc_1', name: 'Hall', sharedWith: [] },
        patch: { name: 'Hall', parentId: 'loc_1' },
      },
    ])
    // A move names only the new parent (null: the org's top level); nothing to create from.
    expect(
      planFeedRow(change('location', 'update', { id: 'loc_2', parentId: null, fromPath: ['loc_1', 'loc_2'] }))
        .ops,
    ).toEqual([{ op: 'putLocation', id: 'loc_2', create: null, patch: { name: undefined, parentId: null } }])
    expect(
      planFeedRow(change('machine', 'create', { id: 'mch_1', locationId: 'loc_2', name: 'arm' })).ops,
    ).toEqual([
      {
        op: 'putMachine',
        id: 'mch_1',
        create: {
          id: 'mch_1',
          locationId: 'loc_2',
          name: 'arm',
          status: 'never-seen',
          lastSeenAt: null,
          version: null,
        },
        patch: { name: 'arm', locationId: 'loc_2' },
      },
    ])
    expect(planFeedRow(change('machine', 'update', { id: 'mch_1', name: 'arm 2' })).ops).toEqual([
      { op: 'putMachine', id: 'mch_1', create: null, patch: { name: 'arm 2', locationId: undefined } },
    ])
    // A move's row names the new location.
    expect(planFeedRow(change('machine', 'update', { id: 'mch_1', locationId: 'loc_3' })).ops).toEqual([
      { op: 'putMachine', id: 'mch_1', create: null, patch: { name: undefined, locationId: 'loc_3' } },
    ])
    expect(
      planFeedRow(
        change('part', 'create', {
          id: 'prt_1',
          machineId: 'mch_1',
          name: 'main',
          isMain: true,
          revision: 0,
        }),
      ).ops,
    ).toEqual([
      {
        op: 'putPart',
        id: 'prt_1',
        create: { id: 'prt_1', machineId: 'mch_1', name: 'main', isMain: true },
        patch: { name: 'main', isMain: true },
      },
    ])
    expect(planFeedRow(change('part', 'update', { id: 'prt_1', isMain: true })).ops).toEqual([
      { op: 'putPart', id: 'prt_1', create: null, patch: { name: undefined, isMain: true } },
    ])
  })

  it('keeps config revisions with their source, and a source it does not know as the hub', () => {
    const body = {
      partId: 'prt_1',
      revision: 4,
      author: 'bo@example.com',
      source: 'merged',
      parents: [3, 2],
      createdAt: '2026-03-01T09:00:00.000Z',
      config: { components: [] },
    }
    expect(planFeedRow(change('config-revision', 'create', body)).ops).toEqual([
      {
        op: 'putRevision',
        partId: 'prt_1',
        revision: 4,
        author: 'bo@example.com',
        createdAt: '2026-03-01T09:00:00.000Z',
        source: 'merged',
        config: { components: [] },
      },
    ])
    const odd = planFeedRow(change('config-revision', 'create', { ...body, source: 'api' })).ops[0]
    expect(odd).toMatchObject({ op: 'putRevision', source: 'hub' })
  })

  it('records conflicts with their paths, and their resolution', () => {
    const open = planFeedRow(
      change('config-conflict', 'create', {
        id: 'cfl_1',
        partId: 'prt_1',
        status: 'open',
        baseRevision: 1,
        headRevision: 2,
        author: 'ada@example.com',
        conflicts: [{ path: ['components', 'a'], pathText: '$.components[name="a"].attributes.x' }],
      }),
    )
    expect(open.ops).toEqual([
      {
        op: 'putConflict',
        conflict: {
          id: 'cfl_1',
          partId: 'prt_1',
          status: 'open',
          baseRevision: 1,
          headRevision: 2,
          author: 'ada@example.com',
          createdAt: '2026-03-01T10:00:00.000Z',
          paths: ['$.components[name="a"].attributes.x'],
        },
      },
    ])
    const resolved = planFeedRow(
      change('config-conflict', 'update', {
        id: 'cfl_1',
        partId: 'prt_1',
        status: 'resolved',
        resolvedRevision: 3,
      }),
    )
    expect(resolved.ops).toEqual([{ op: 'resolveConflict', id: 'cfl_1', resolvedRevision: 3 }])
  })

  it('takes deleted and out-of-reach resources out, and only the configs where only configs are out of reach', () => {
    expect(planFeedRow(change('machine', 'delete', { id: 'mch_1' })).ops).toEqual([
      { op: 'remove', what: 'machine', id: 'mch_1' },
    ])
    expect(planFeedRow(change('location', 'delete', { id: 'loc_2' })).ops).toEqual([
      { op: 'remove', what: 'location', id: 'loc_2' },
    ])
    expect(planFeedRow(change('organization', 'delete', { id: 'org_1' })).ops).toEqual([
      { op: 'remove', what: 'org', id: 'org_1' },
    ])
    expect(planFeedRow(removal('machine', 'mch_9')).ops).toEqual([
      { op: 'remove', what: 'machine', id: 'mch_9' },
    ])
    expect(planFeedRow(removal('location', 'loc_9')).ops).toEqual([
      { op: 'remove', what: 'location', id: 'loc_9' },
    ])
    expect(planFeedRow(removal('part', 'prt_9')).ops).toEqual([{ op: 'remove', what: 'part', id: 'prt_9' }])
    // An operator reads no configs: the machine stays, its history goes.
    expect(planFeedRow(removal('config-revision', 'prt_9')).ops).toEqual([
      { op: 'dropConfigs', partId: 'prt_9' },
    ])
    expect(planFeedRow(removal('config-conflict', 'cfl_9')).ops).toEqual([
      { op: 'remove', what: 'conflict', id: 'cfl_9' },
    ])
  })

  it('asks for the identity again on grant, member and API key rows, seen or not', () => {
    for (const entry of [
      change('grant', 'create', { subject: { kind: 'user', id: 'usr_1' }, role: 'owner' }),
      change('member', 'delete', { userId: 'usr_1' }),
      removal('grant', 'grt_1'),
      removal('api-key', 'key_1'),
    ])
      expect(planFeedRow(entry)).toEqual({ ops: [], refreshIdentity: true, skipped: null })
  })

  it('skips what the cache does not keep, kinds it does not know and bodies it cannot read, saying why', () => {
    expect(planFeedRow(change('invite', 'create', { id: 'inv_1' })).skipped).toMatch(/keeps no invite/)
    expect(planFeedRow(change('robot-dance', 'create', { id: 'x' })).skipped).toMatch(
      /unknown change kind robot-dance/,
    )
    const bad = planFeedRow(change('config-revision', 'create', { partId: 'prt_1', revision: 'two' }))
    expect(bad.ops).toEqual([])
    expect(bad.skipped).toMatch(/config-revision row .* unreadable revision/)
    expect(planFeedRow(removal('package', 'pkg_1')).ops).toEqual([])
  })

  it('shares and unshares locations, and keeps fragments with their revisions', () => {
    expect(
      planFeedRow(change('location-share', 'create', { locationId: 'loc_1', orgId: 'org_2' })).ops,
    ).toEqual([{ op: 'shareLocation', id: 'loc_1', orgId: 'org_2', shared: true }])
    expect(
      planFeedRow(change('location-share', 'delete', { locationId: 'loc_1', orgId: 'org_2' })).ops,
    ).toEqual([{ op: 'shareLocation', id: 'loc_1', orgId: 'org_2', shared: false }])
    expect(
      planFeedRow(
        change('fragment', 'create', {
          id: 'frg_1',
          orgId: 'org_1',
          name: 'cams',
          revision: 1,
          config: { components: [] },
        }),
      ).ops,
    ).toEqual([
      {
        op: 'putFragment',
        id: 'frg_1',
        create: { id: 'frg_1', orgId: 'org_1', name: 'cams', public: false, revision: 1 },
        patch: { name: 'cams' },
      },
      {
        op: 'putFragmentRevision',
        id: 'frg_1',
        revision: 1,
        createdAt: '2026-03-01T10:00:00.000Z',
        config: { components: [] },
      },
    ])
    expect(
      planFeedRow(change('fragment-revision', 'create', { id: 'frg_1', revision: 2, config: {} })).ops,
    ).toEqual([
      {
        op: 'putFragmentRevision',
        id: 'frg_1',
        revision: 2,
        createdAt: '2026-03-01T10:00:00.000Z',
        config: {},
      },
    ])
    expect(planFeedRow(removal('fragment', 'frg_1')).ops).toEqual([
      { op: 'remove', what: 'fragment', id: 'frg_1' },
    ])
  })
})
