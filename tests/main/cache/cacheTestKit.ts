import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type {
  ApiKey,
  Fragment,
  FragmentRevision,
  Grant,
  Location,
  Machine,
  Organization,
  Package,
  Part,
  Revision,
  User,
} from '../../../src/shared/domain/model'
import type {
  ApiKeyId,
  FragmentId,
  GrantId,
  LocationId,
  MachineId,
  OrgId,
  PackageId,
  PartId,
  UserId,
} from '../../../src/shared/ids'
import { createCacheStore, type CacheStoreOptions } from '../../../src/main/cache/createCacheStore'
import type { FleetImport } from '../../../src/main/cache/types'

const dirs: string[] = []
const stores: Array<{ close(): Promise<void> }> = []

/** A fresh data directory, deleted after the test. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleetdesk-cache-test-'))
  dirs.push(dir)
  return dir
}

/** A store that is closed after the test if the test did not close it. */
export function makeStore(options: CacheStoreOptions): ReturnType<typeof createCacheStore> {
  const store = createCacheStore(options)
  stores.push(store)
  return store
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined)
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export const partId = (s: string): PartId => s as PartId
export const machineId = (s: string): MachineId => s as MachineId
export const fragmentId = (s: string): FragmentId => s as FragmentId

/** A config the way users write them, with a value that changes per revision. */
export function config(step: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    components: [
      { name: 'board', api: 'rdk:component:board', model: 'fake', attributes: { pins: [1, 2, 3] } },
      {
        name: 'left',
        api: 'rdk:component:motor',
        model: 'fake',
        attributes: { max_rpm: 100 + step, board: 'board' },
        depends_on: ['board'],
      },
    ],
    services: [],
    network: { bind_address: '0.0.0.0:8080' },
    ...extra,
  }
}

/** Every kind of entity the cache stores, small enough to compare whole. */
export function smallFleet(revisionsPerPart = 3): FleetImport {
  const org = 'org-a' as OrgId
  const orgs: Organization[] = [{ id: org, name: 'Acme', createdAt: '2026-01-01T00:00:00.000Z' }]
  const locations: Location[] = [
    { id: 'loc-1' as LocationId, orgId: org, parentId: null, name: 'Plant', sharedWith: ['org-b' as OrgId] },
    {
      id: 'loc-1-1' as LocationId,
      orgId: org,
      parentId: 'loc-1' as LocationId,
      name: 'Hall',
      sharedWith: [],
    },
  ]
  const machines: Machine[] = [
    {
      id: machineId('m-1'),
      locationId: 'loc-1-1' as LocationId,
      name: 'arm-1',
      status: 'online',
      lastSeenAt: '2026-01-02T00:00:00.000Z',
      version: '0.42.1',
    },
    {
      id: machineId('m-2'),
      locationId: 'loc-1' as LocationId,
      name: 'amr-2',
      status: 'never-seen',
      lastSeenAt: null,
      version: null,
    },
  ]
  const parts: Part[] = [
    { id: partId('m-1-p1'), machineId: machineId('m-1'), name: 'main', isMain: true, revision: 0 },
    { id: partId('m-1-p2'), machineId: machineId('m-1'), name: 'camera-pi', isMain: false, revision: 0 },
    { id: partId('m-2-p1'), machineId: machineId('m-2'), name: 'main', isMain: true, revision: 0 },
  ]
  const revisions: Revision[] = []
  for (const part of parts.slice(0, 2)) {
    for (let r = 1; r <= revisionsPerPart; r++) {
      revisions.push({
        partId: part.id,
        revision: r,
        author: r % 2 ? 'ada@fleetdesk.test' : 'ci-bot',
        createdAt: new Date(Date.UTC(2026, 0, 1, r)).toISOString(),
        source: r === 1 ? 'fixture' : 'hub',
        config: config(r, { part: part.id }),
      })
    }
  }
  const users: User[] = [
    { id: 'user-ada' as UserId, email: 'Ada@Fleetdesk.test', name: 'Ada' },
    { id: 'user-bo' as UserId, email: 'bo@fleetdesk.test', name: 'Bo' },
  ]
  const grants: Grant[] = [
    {
      id: 'g-1' as GrantId,
      subject: { kind: 'user', id: 'user-ada' as UserId },
      role: 'owner',
      resource: { kind: 'organization', id: org },
    },
    {
      id: 'g-2' as GrantId,
      subject: { kind: 'user', id: 'user-bo' as UserId },
      role: 'operator',
      resource: { kind: 'machine', id: machineId('m-1') },
    },
    {
      id: 'g-3' as GrantId,
      subject: { kind: 'api-key', id: 'key-1' as ApiKeyId },
      role: 'operator',
      resource: { kind: 'location', id: 'loc-1' as LocationId },
    },
  ]
  const apiKeys: ApiKey[] = [
    {
      id: 'key-1' as ApiKeyId,
      orgId: org,
      name: 'line robot',
      secretHash: 'scrypt$abc',
      createdAt: '2026-01-03T00:00:00.000Z',
    },
  ]
  const fragments: Fragment[] = [
    { id: 'frag-1' as FragmentId, orgId: org, name: 'camera kit', public: true, revision: 2 },
  ]
  const fragmentRevisions: FragmentRevision[] = [1, 2].map((r) => ({
    fragmentId: 'frag-1' as FragmentId,
    revision: r,
    config: {
      components: [{ name: 'cam', api: 'rdk:component:camera', model: 'fake', attributes: { fps: r * 10 } }],
    },
    createdAt: new Date(Date.UTC(2026, 0, 5, r)).toISOString(),
  }))
  const packages: Package[] = [
    {
      id: 'pkg-1' as PackageId,
      orgId: org,
      name: 'vision',
      kind: 'ml_model',
      versions: [
        { version: '1.0.0', sha256: 'ab'.repeat(32), size: 1024, createdAt: '2026-01-04T00:00:00.000Z' },
      ],
    },
  ]
  return {
    orgs,
    locations,
    machines,
    parts,
    revisions,
    fragments,
    fragmentRevisions,
    users,
    grants,
    apiKeys,
    packages,
  }
}
