import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../src/shared/api/syncViews'
import { startCore, type StartedCore } from '../../../src/main/app/startCore'
import { HUB_CREDENTIAL_SETTING } from '../../../src/main/sync/HubCredentialStore'
import { eventually, nextEvent } from '../../support/eventually'
import { addMachines, signUp, startSyncHub, type HubAccount, type SyncHub } from './support/syncHub'

// Signing in with an API key, refusals that store nothing, and a key deleted on the hub: the
// desktop stops syncing and asks to sign in again, while what it cached stays usable offline.

let hub: SyncHub
let owner: HubAccount
const dirs: string[] = []
const cores: StartedCore[] = []

async function desktop(): Promise<StartedCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleetdesk-signin-'))
  dirs.push(dataDir)
  const started = await startCore({
    dataDir,
    discovery: false,
    syncTuning: { pollMs: 500, heartbeatMs: 500, timeoutMs: 3000 },
  })
  cores.push(started)
  return started
}

beforeAll(async () => {
  hub = await startSyncHub()
  owner = await signUp(hub, 'keys@plant.example')
  await addMachines(hub, owner, 'Dock', ['loader', 'lift'])
})

afterAll(async () => {
  for (const c of cores) await c.stop()
  await hub?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('hub sign-in', () => {
  it('refuses a wrong password, an unreachable hub and a bad address, and stores nothing', async () => {
    const { core, cache } = await desktop()
    await expect(
      core.call('hubSignIn', {
        hubUrl: hub.url,
        auth: { kind: 'password', email: owner.email, password: 'wrong' },
      }),
    ).rejects.toMatchObject({ code: 'unauthenticated' })
    await expect(
      core.call('hubSignIn', {
        hubUrl: 'http://127.0.0.1:9',
        auth: { kind: 'password', email: owner.email, password: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/cannot be reached/) })
    await expect(
      core.call('hubSignIn', {
        hubUrl: 'ftp://hub',
        auth: { kind: 'password', email: owner.email, password: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-argument' })
    expect(await cache.getSetting(HUB_CREDENTIAL_SETTING)).toBeNull()
    expect(await core.call('getSyncStatus', {})).toMatchObject({ connection: 'signed-out' })
  })

  it('signs in with an API key; a key deleted on the hub stops sync and asks to sign in again, offline access stays', async () => {
    const key = await hub.call<{ id: string; secret: string }>(
      'POST',
      `/v1/orgs/${owner.orgId}/api-keys`,
      owner.auth,
      { name: 'desk', role: 'owner', resource: { kind: 'organization', id: owner.orgId } },
      201,
    )
    const { core, cache } = await desktop()
    const statuses: SyncStatus[] = []
    core.events.on('syncStatus', (s) => statuses.push(s))
    await core.call('hubSignIn', {
      hubUrl: hub.url,
      auth: { kind: 'api-key', keyId: key.id, secret: key.secret },
    })
    await eventually('the fleet arrives', async () => {
      const tree = await core.call('getFleetTree', {})
      return tree.machines.length === 2 ? tree : undefined
    })
    const online = await eventually('an online status event', () =>
      statuses.find((st) => st.connection === 'online'),
    )
    expect(online.signedInAs).toBe(`api-key:${key.id}`)
    const sealed = JSON.stringify(await cache.getSetting(HUB_CREDENTIAL_SETTING))
    expect(sealed.includes(key.secret)).toBe(false)

    const expired = nextEvent<SyncStatus>(
      'sign in again',
      (l) => core.events.on('syncStatus', l),
      (s) => s.connection === 'sign-in-again',
    )
    await hub.call('DELETE', `/v1/orgs/${owner.orgId}/api-keys/${key.id}`, owner.auth, undefined, 204)
    const status = await expired
    expect(status.lastError).toMatch(/sign in again/)
    expect(await cache.getSetting(HUB_CREDENTIAL_SETTING)).toBeNull()
    // The identity the hub last gave still answers can() offline.
    expect((await core.call('getFleetTree', {})).machines).toHaveLength(2)
    expect((await core.call('getStatus', {})).sync).toMatchObject({ connection: 'sign-in-again' })
  })
})
