import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeStorages, startTestHub, type TestHub } from '../support/testHub'
import { actorWith, seedWorld, type World } from '../support/world'

// When the caller's own access shrinks, the feed sends it, at the cursor of that change, a removal
// for every resource that left its reach (and nothing for what it can still read); other callers
// get the change row as before.

interface FeedEntry {
  cursor: number
  kind: string
  resourceId: string
  op: string
  removed?: string
}

describeStorages('feed removals when a grant is taken away', (storage) => {
  let hub: TestHub
  let world: World
  beforeAll(async () => {
    hub = await startTestHub(storage)
    world = await seedWorld(hub.db)
    // Resources get change rows when routes touch them (the seed writes tables directly).
    for (const id of Object.values(world.loc)) {
      const reply = await hub.call({
        method: 'PATCH',
        url: `/v1/locations/${id}`,
        auth: world.adminAuth,
        body: { name: `l-${id.slice(-4)}` },
      })
      expect(reply.status).toBe(200)
    }
    for (const id of Object.values(world.machine)) {
      const reply = await hub.call({
        method: 'PATCH',
        url: `/v1/machines/${id}`,
        auth: world.adminAuth,
        body: { name: `m-${id.slice(-4)}` },
      })
      expect(reply.status).toBe(200)
    }
    const pushed = await hub.call({
      method: 'POST',
      url: '/v1/push',
      auth: world.adminAuth,
      body: {
        edits: [
          {
            clientId: 'desk-loss',
            seq: 1,
            baseRevision: 1,
            kind: 'config',
            target: { partId: world.part.pG },
            body: { config: { components: [{ name: 'm2', api: 'rdk:component:motor', model: 'fake' }] } },
          },
        ],
      },
    })
    expect(pushed.status).toBe(200)
  })
  afterAll(async () => hub?.close())

  const feed = async (auth: string, cursor = 0): Promise<{ changes: FeedEntry[]; nextCursor: number }> => {
    const reply = await hub.call({ method: 'GET', url: `/v1/changes?cursor=${cursor}&limit=5000`, auth })
    expect(reply.status).toBe(200)
    return reply.body as { changes: FeedEntry[]; nextCursor: number }
  }
  const removed = (changes: FeedEntry[], kind: string): string[] =>
    changes.filter((c) => c.kind === kind && c.removed === 'out-of-reach').map((c) => c.resourceId)
  const shown = (changes: FeedEntry[], kind: string): string[] =>
    changes.filter((c) => c.kind === kind && c.removed === undefined).map((c) => c.resourceId)
  const grantOf = async (subjectId: string, resourceId: string): Promise<string> => {
    const rows = await hub.db.query<{ id: string }>(
      `SELECT id FROM grants WHERE subject_id = $1 AND resource_id = $2`,
      [subjectId, resourceId],
    )
    expect(rows).toHaveLength(1)
    return rows[0]!.id
  }
  const call = async (method: 'PATCH' | 'DELETE' | 'POST', url: string, body?: unknown): Promise<void> => {
    const reply = await hub.call({ method, url, auth: world.adminAuth, ...(body ? { body } : {}) })
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  }

  it('a member: role limited, then a grant removed, then removed from the organization', async () => {
    const { machine, loc, org } = world
    const user = await actorWith(hub.db, 'user', org, [
      { role: 'owner', resource: { kind: 'location', id: loc.C } },
      { role: 'operator', resource: { kind: 'machine', id: machine.mR } },
    ])
    const watcher = await actorWith(hub.db, 'user', org, [
      { role: 'operator', resource: { kind: 'machine', id: machine.mG } },
    ])
    const first = await feed(user.auth)
    expect(shown(first.changes, 'machine').sort()).toEqual([machine.mC, machine.mG, machine.mR].sort())
    const revisions = shown(first.changes, 'config-revision')
    expect(revisions.length).toBeGreaterThan(0)
    const watcherStart = (await feed(watcher.auth)).nextCursor

    // Owner → operator on C: configs leave the caller's reach, the machines stay.
    const onC = await grantOf(user.id, loc.C)
    await call('PATCH', `/v1/orgs/${org}/members/${user.id}/grants/${onC}`, { role: 'operator' })
    const limited = await feed(user.auth, first.nextCursor)
    expect(removed(limited.changes, 'config-revision').sort()).toEqual([...revisions].sort())
    // (mS, never in reach, is named as every unreadable row of the organization is.)
    expect(removed(limited.changes, 'machine')).toEqual([machine.mS])

    // The grant on C removed: C's machines go (with every machine the caller cannot read, as the
    // feed's removals always name them), the machine granted on its own stays.
    await call('DELETE', `/v1/orgs/${org}/members/${user.id}/grants/${onC}`)
    const ungranted = await feed(user.auth, limited.nextCursor)
    expect(removed(ungranted.changes, 'machine').sort()).toEqual([machine.mC, machine.mG, machine.mS].sort())
    expect(removed(ungranted.changes, 'location')).toEqual(expect.arrayContaining([loc.C, loc.G]))

    // Removed from the organization: the rest goes too, though the caller is no longer a member.
    await call('DELETE', `/v1/orgs/${org}/members/${user.id}`)
    const gone = await feed(user.auth, ungranted.nextCursor)
    expect(removed(gone.changes, 'machine')).toContain(machine.mR)

    // Someone else's loss expands nothing for a bystander: one entry per change row, as before.
    const seen = (await feed(watcher.auth, watcherStart)).changes
    expect(new Set(seen.map((c) => c.cursor)).size).toBe(seen.length)
    expect(removed(seen, 'machine')).toEqual([])
  })

  it('an API key whose grant is removed', async () => {
    const key = await actorWith(hub.db, 'api-key', world.org, [
      { role: 'operator', resource: { kind: 'location', id: world.loc.S } },
    ])
    const before = await feed(key.auth)
    expect(shown(before.changes, 'machine')).toEqual([world.machine.mS])
    const grant = await grantOf(key.id, world.loc.S)
    await call('DELETE', `/v1/orgs/${world.org}/api-keys/${key.id}/grants/${grant}`)
    const after = await feed(key.auth, before.nextCursor)
    const { mR, mC, mG, mS } = world.machine
    expect(removed(after.changes, 'machine').sort()).toEqual([mR, mC, mG, mS].sort())
  })

  it('a location share removed: its machines leave the other organization’s members', async () => {
    const { loc, machine, org2 } = world
    await call('POST', `/v1/locations/${loc.G}/shares`, { orgId: org2 })
    const other = await actorWith(hub.db, 'user', org2, [
      { role: 'owner', resource: { kind: 'organization', id: org2 } },
    ])
    const through = await hub.call({ method: 'GET', url: `/v1/machines/${machine.mG}`, auth: other.auth })
    expect(through.status).toBe(200)
    // While shared, the feed brings the other organization what the routes serve it: the shared
    // location and its machine (beside its own), nothing above or beside the shared location.
    const before = await feed(other.auth)
    expect(new Set(shown(before.changes, 'machine'))).toEqual(new Set([machine.mG, machine.mX]))
    expect(shown(before.changes, 'location')).toContain(loc.G)
    expect(shown(before.changes, 'location')).not.toContain(loc.C)
    await call('DELETE', `/v1/locations/${loc.G}/shares/${org2}`)
    const after = await feed(other.auth, before.nextCursor)
    expect(removed(after.changes, 'machine')).toEqual([machine.mG])
    expect(removed(after.changes, 'location')).toEqual([loc.G])
    // Nothing outside the shared location is named to the other organization.
    expect(removed(after.changes, 'machine')).not.toContain(machine.mC)
  })
})
