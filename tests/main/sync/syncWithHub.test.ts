import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncProgress, SyncStatus } from '../../../src/shared/api/syncViews'
import type { MachineId, PartId } from '../../../src/shared/ids'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { HUB_CREDENTIAL_SETTING } from '../../../src/main/sync/HubCredentialStore'
import { eventually } from '../../support/eventually'
import {
  addMachines,
  motor,
  signUp,
  startSyncHub,
  type HubAccount,
  type HubMachine,
  type SyncHub,
} from './support/syncHub'

// The desktop core against a real hub (PGlite, loopback) and a real sql.js cache in a temp folder:
// sign in, first full pull, offline edits, push outcomes (applied, merged, conflict, rejected),
// restart from the stored cursor, a machine removed on the hub.

let hub: SyncHub
let owner: HubAccount
let fleet: HubMachine[]
let dataDir: string
let desktop: StartedCore | null = null

const configOf = (name: string): Record<string, unknown> => ({
  components: [motor(`${name}-left`, { max_rpm: 100 }), motor(`${name}-right`, { max_rpm: 100 })],
})

/** Every hub URL the desktop asked for, in order (the real fetch does the asking). */
let requested: string[] = []
const recordingFetch: typeof fetch = (input, init) => {
  requested.push(String(input))
  return fetch(input, init)
}

async function startDesktop(): Promise<StartedCore> {
  requested = []
  desktop = await startCore({
    dataDir,
    discovery: false,
    syncTuning: { pollMs: 1000, heartbeatMs: 500, timeoutMs: 5000, pageSize: 4, fetch: recordingFetch },
  })
  return desktop
}

async function stopDesktop(): Promise<void> {
  await desktop?.stop()
  desktop = null
}

const core = (): StartedCore['core'] => {
  if (!desktop) throw new Error('no desktop running')
  return desktop.core
}

const status = (): Promise<SyncStatus> => core().call('getSyncStatus', {})

const hubConfig = async (partId: string): Promise<{ revision: number; config: Record<string, unknown> }> =>
  hub.call('GET', `/v1/parts/${partId}/config`, owner.auth)

const cachedConfig = (partId: string): Promise<{ revision: number; config: unknown; pending: unknown }> =>
  core().call('getPartConfig', { partId: partId as PartId })

/** Waits until the desktop's sync says what `probe` wants, nudging it along with syncNow. */
const until = <T>(
  what: string,
  probe: (s: SyncStatus) => Promise<T | undefined> | T | undefined,
): Promise<T> => eventually(what, async () => probe(await status()), { intervalMs: 100 })

beforeAll(async () => {
  hub = await startSyncHub()
  owner = await signUp(hub, 'owner@plant.example')
  const made = await addMachines(hub, owner, 'Hall', ['arm', 'belt', 'crane', 'drill', 'etcher'], configOf)
  fleet = made.machines
  dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-sync-'))
})

afterAll(async () => {
  await stopDesktop()
  await hub?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('desktop sync with a real hub', () => {
  it('signs in, keeps the session sealed, and pulls the whole fleet in pages with progress', async () => {
    await startDesktop()
    const progress: SyncProgress[] = []
    const off = core().events.on('syncProgress', (p) => progress.push(p))
    const signedIn = await core().call('hubSignIn', {
      hubUrl: `${hub.url}/`,
      auth: { kind: 'password', email: owner.email, password: owner.password },
    })
    expect(signedIn).toMatchObject({ hubUrl: hub.url, signedInAs: owner.email })
    await until('the first pull is done', (s) =>
      s.connection === 'online' && s.cursor !== null ? s : undefined,
    )
    off()
    const tree = await core().call('getFleetTree', {})
    expect(tree.machines.map((m) => m.name).sort()).toEqual(['arm', 'belt', 'crane', 'drill', 'etcher'])
    expect(tree.orgs).toEqual([expect.objectContaining({ id: owner.orgId, role: 'owner' })])
    const arm = fleet[0] as HubMachine
    expect(await cachedConfig(arm.partId)).toMatchObject({
      revision: 1,
      config: configOf('arm'),
      pending: null,
    })
    // Pages of 4 rows: a full pull in several steps, ending done, cursors rising.
    const first = progress.slice(0, progress.findIndex((p) => p.done) + 1)
    expect(first.length).toBeGreaterThan(3)
    expect(first.every((p) => p.phase === 'full')).toBe(true)
    const cursors = first.map((p) => p.cursor)
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b))
    // The identity is the hub's: can() answers from its grants.
    expect(await core().call('getIdentity', {})).toMatchObject({
      email: owner.email,
      subject: { kind: 'user' },
    })

    // The token is nowhere on disk in plain text: not in the settings, the journal or the snapshot.
    const stored = await desktop!.cache.getSetting<{ sealed: string }>(HUB_CREDENTIAL_SETTING)
    expect(stored?.sealed).toMatch(/^v1\./)
    const token = owner.auth.slice('Bearer '.length)
    await desktop!.cache.snapshot()
    const desktopToken = await signInToken()
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1')
      expect(bytes.includes(desktopToken), file).toBe(false)
      expect(bytes.includes(token), file).toBe(false)
    }
  })

  it('keeps an edit made while the hub is down in the outbox, and pushes it when the hub is back', async () => {
    const arm = fleet[0] as HubMachine
    await hub.stop()
    const edit = { components: [motor('arm-left', { max_rpm: 150 }), motor('arm-right', { max_rpm: 100 })] }
    await core().call('savePartConfig', { partId: arm.partId as PartId, baseRevision: 1, config: edit })
    const offline = await core().call('syncNow', {})
    expect(offline).toMatchObject({ connection: 'offline', pending: 1 })
    expect(offline.lastError).toMatch(/cannot be reached/)
    expect((await desktop!.cache.listOutbox()).length).toBe(1)

    await hub.restart()
    await until('the edit is pushed', (s) => (s.connection === 'online' && s.pending === 0 ? s : undefined))
    expect(await hubConfig(arm.partId)).toMatchObject({ revision: 2, config: edit })
    expect(await cachedConfig(arm.partId)).toMatchObject({ revision: 2, config: edit, pending: null })
    expect(await desktop!.cache.listOutbox()).toEqual([])
    const history = await core().call('getPartHistory', { partId: arm.partId as PartId })
    expect(history.revisions[0]).toMatchObject({ revision: 2, source: 'desktop', author: owner.email })
  })

  it('merges an offline edit with a change made on the hub meanwhile, after a restart from the cursor', async () => {
    const belt = fleet[1] as HubMachine
    const before = (await status()).cursor as number
    await hub.stop()
    const mine = { components: [motor('belt-left', { max_rpm: 120 }), motor('belt-right', { max_rpm: 100 })] }
    await core().call('savePartConfig', { partId: belt.partId as PartId, baseRevision: 1, config: mine })
    await stopDesktop()

    await hub.restart()
    const theirs = {
      components: [motor('belt-left', { max_rpm: 100 }), motor('belt-right', { max_rpm: 90 })],
    }
    await hub.call(
      'PUT',
      `/v1/parts/${belt.partId}/config`,
      owner.auth,
      { config: theirs, baseRevision: 1 },
      201,
    )

    await startDesktop()
    await until('the merged edit is in', (s) =>
      s.pending === 0 && s.connection === 'online' ? s : undefined,
    )
    const merged = {
      components: [motor('belt-left', { max_rpm: 120 }), motor('belt-right', { max_rpm: 90 })],
    }
    expect(await hubConfig(belt.partId)).toMatchObject({ revision: 3, config: merged })
    expect(await cachedConfig(belt.partId)).toMatchObject({ revision: 3, config: merged, pending: null })
    // Resumed from the stored cursor: the first feed request after the restart starts there.
    const feedFrom = requested
      .filter((u) => u.includes('/v1/changes?'))
      .map((u) => Number(new URL(u).searchParams.get('cursor')))
    expect(feedFrom[0]).toBe(before)
    expect(before).toBeGreaterThan(0)
  })

  it('marks an overlapping edit with the conflict, and lets it go once an owner resolves it', async () => {
    const crane = fleet[2] as HubMachine
    await hub.stop()
    const mine = {
      components: [motor('crane-left', { max_rpm: 130 }), motor('crane-right', { max_rpm: 100 })],
    }
    await core().call('savePartConfig', { partId: crane.partId as PartId, baseRevision: 1, config: mine })
    await stopDesktop()
    await hub.restart()
    // The hub changed the same key while the desktop was away.
    const theirs = {
      components: [motor('crane-left', { max_rpm: 70 }), motor('crane-right', { max_rpm: 100 })],
    }
    await hub.call(
      'PUT',
      `/v1/parts/${crane.partId}/config`,
      owner.auth,
      { config: theirs, baseRevision: 1 },
      201,
    )
    await startDesktop()
    const conflicted = await until('the conflict is recorded', (s) => (s.conflicts === 1 ? s : undefined))
    expect(conflicted).toMatchObject({ pending: 0, rejected: 0 })
    const [entry] = await desktop!.cache.listOutbox()
    expect(entry).toMatchObject({ partId: crane.partId, rejection: null, conflictId: expect.any(String) })
    // The hub kept its head; the conflict holds both values.
    expect(await hubConfig(crane.partId)).toMatchObject({ revision: 2, config: theirs })
    const conflict = await hub.call<{ status: string; edit: unknown; head: unknown }>(
      'GET',
      `/v1/conflicts/${entry!.conflictId}`,
      owner.auth,
    )
    expect(conflict).toMatchObject({ status: 'open', edit: mine, head: theirs })

    await hub.call('POST', `/v1/conflicts/${entry!.conflictId}/resolve`, owner.auth, { config: mine }, 201)
    await until('the resolved edit leaves the outbox', async (s) =>
      s.conflicts === 0 && (await desktop!.cache.listOutbox()).length === 0 ? s : undefined,
    )
    expect(await cachedConfig(crane.partId)).toMatchObject({ revision: 3, config: mine, pending: null })
  })

  it('keeps an edit the hub rejects in the outbox, marked with the reason, and goes on with the next', async () => {
    const drill = fleet[3] as HubMachine
    const etcher = fleet[4] as HubMachine
    await hub.stop()
    const refused = { ...configOf('drill'), fragments: ['frg_nosuchfragment'] }
    await core().call('savePartConfig', { partId: drill.partId as PartId, baseRevision: 1, config: refused })
    const fine = { components: [motor('etcher-left', { max_rpm: 10 })] }
    await core().call('savePartConfig', { partId: etcher.partId as PartId, baseRevision: 1, config: fine })
    await hub.restart()
    const s = await until('the refusal is recorded', (st) =>
      st.rejected === 1 && st.pending === 0 ? st : undefined,
    )
    expect(s.conflicts).toBe(0)
    const [kept] = await desktop!.cache.listOutbox()
    expect(kept).toMatchObject({ partId: drill.partId, rejection: expect.stringMatching(/fragment/) })
    expect(await hubConfig(drill.partId)).toMatchObject({ revision: 1 })
    expect(await hubConfig(etcher.partId)).toMatchObject({ revision: 2, config: fine })
    // Not sent again: a later cycle leaves it as it is.
    await core().call('syncNow', {})
    expect(await desktop!.cache.listOutbox()).toEqual([kept])
  })

  it('takes a machine removed on the hub out of the cache', async () => {
    const belt = fleet[1] as HubMachine
    await hub.call('DELETE', `/v1/machines/${belt.machineId}`, owner.auth, undefined, 204)
    await eventually('the machine leaves the tree', async () => {
      const tree = await core().call('getFleetTree', {})
      return tree.machines.some((m) => m.id === belt.machineId) ? undefined : tree
    })
    await expect(core().call('getMachine', { machineId: belt.machineId as MachineId })).rejects.toMatchObject(
      {
        code: 'not-found',
      },
    )
  })

  it('signs out: the sealed session and the identity go, the outbox stays', async () => {
    const after = await core().call('hubSignOut', {})
    expect(after).toMatchObject({ connection: 'signed-out', signedInAs: null })
    expect(await desktop!.cache.getSetting(HUB_CREDENTIAL_SETTING)).toBeNull()
    expect((await core().call('getFleetTree', {})).machines).toEqual([])
    expect((await desktop!.cache.listOutbox()).length).toBe(1)
  })
})

/** The desktop's own session token, read back the way the engine does (to look for it on disk). */
async function signInToken(): Promise<string> {
  const { openKeyFileSecretBox } = await import('../../../src/main/secrets/KeyFileSecretBox')
  const box = await openKeyFileSecretBox(dataDir)
  const stored = await desktop!.cache.getSetting<{ sealed: string }>(HUB_CREDENTIAL_SETTING)
  return box.decrypt(stored!.sealed)
}
