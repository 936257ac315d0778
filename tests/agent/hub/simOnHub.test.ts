import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../../support/eventually'

// `npm run sim -- --hub URL --api-key ID:SECRET` against the real hub program (PGlite data folder):
// the simulated machines appear on the hub and each reports its status; a wrong key and a hub that
// is not there are said in words.

interface Run {
  child: ChildProcess
  out: () => string
  exited: Promise<number | null>
}

const children: ChildProcess[] = []

function run(script: string, args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, out: () => out, exited }
}

async function until(r: Run, pattern: RegExp): Promise<RegExpExecArray> {
  return eventually(
    `output ${pattern.source}`,
    () => {
      if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode}: ${r.out()}`)
      return pattern.exec(r.out()) ?? undefined
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  )
}

describe('npm run sim -- --hub [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-hub-'))
  let url = ''
  let apiKey = ''
  let session = ''

  const admin = async <T>(path: string): Promise<T> => {
    const reply = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${session}` } })
    return (await reply.json()) as T
  }

  beforeAll(async () => {
    const data = join(dir, 'hub')
    const owner = run('src/hub/main.ts', ['--create-owner', 'sim@example.com', '--data-dir', data])
    expect(await owner.exited).toBe(0)
    const password = /Password \(shown once, keep it safe\): (\S+)/.exec(owner.out())?.[1]
    const hub = run('src/hub/main.ts', ['--port', '0', '--data-dir', data])
    url = (await until(hub, /listening on (http:\/\/\S+) /))[1] as string
    const signIn = await fetch(`${url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sim@example.com', password }),
    })
    session = ((await signIn.json()) as { token: string }).token
    const { organizations } = await admin<{ organizations: Array<{ id: string }> }>('/v1/orgs')
    const orgId = organizations[0]?.id as string
    const key = await fetch(`${url}/v1/orgs/${orgId}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sim', role: 'owner', resource: { kind: 'organization', id: orgId } }),
    })
    const created = (await key.json()) as { id: string; secret: string }
    apiKey = `${created.id}:${created.secret}`
  }, 120_000)
  afterAll(async () => {
    const live = children.filter((c) => c.exitCode === null && c.signalCode === null)
    const gone = live.map((c) => new Promise((resolve) => c.once('exit', resolve)))
    for (const child of live) child.kill('SIGTERM')
    await Promise.all(gone)
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it('registers N machines on the hub, and each agent reports its status there', async () => {
    const sim = run('src/agent/sim/main.ts', ['--hub', url, '--api-key', apiKey, '--count', '3'])
    await until(sim, /3 simulated agent\(s\) running/)
    expect(sim.out()).toMatch(/location loc_\S+, 3 machine\(s\) created, 0 found again/)
    const parts = [...sim.out().matchAll(/^SIM (\S+) part=(\S+) /gm)].map((m) => ({ name: m[1], id: m[2] }))
    expect(parts).toHaveLength(3)
    const locationId = /location (loc_\S+),/.exec(sim.out())?.[1] as string
    const { machines } = await admin<{ machines: Array<{ name: string }> }>(
      `/v1/locations/${locationId}/machines`,
    )
    expect(machines.map((m) => m.name).sort()).toEqual(parts.map((p) => p.name).sort())
    for (const part of parts) {
      const status = await eventually(`status of ${part.name}`, async () => {
        const s = await admin<{ reported: boolean; configRevision?: number; resources?: unknown[] }>(
          `/v1/parts/${part.id}/status`,
        )
        return s.reported && (s.resources?.length ?? 0) > 0 ? s : undefined
      })
      expect(status.configRevision).toBeGreaterThan(0)
    }
    sim.child.kill('SIGTERM')
    expect(await sim.exited).toBe(0)

    // A second run finds the same machines again instead of making more.
    const again = run('src/agent/sim/main.ts', ['--hub', url, '--api-key', apiKey, '--count', '3'])
    await until(again, /3 simulated agent\(s\) running/)
    expect(again.out()).toMatch(/0 machine\(s\) created, 3 found again/)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  }, 180_000)

  it('says so, and exits 1, for a wrong API key or a hub that is not there', async () => {
    const keyId = apiKey.split(':')[0] as string
    const wrong = run('src/agent/sim/main.ts', ['--hub', url, '--api-key', `${keyId}:not-the-secret`])
    expect(await wrong.exited).toBe(1)
    expect(wrong.out()).toContain(`refused the API key ${keyId}: wrong key id or secret`)

    const closed = await freePort()
    const away = run('src/agent/sim/main.ts', ['--hub', `http://127.0.0.1:${closed}`, '--api-key', apiKey])
    expect(await away.exited).toBe(1)
    expect(away.out()).toContain(`cannot reach the hub at http://127.0.0.1:${closed}: is it running`)

    const noKey = run('src/agent/sim/main.ts', ['--hub', url])
    expect(await noKey.exited).toBe(2)
    expect(noKey.out()).toContain('--hub needs --api-key ID:SECRET')
  }, 120_000)
})

/** A port nothing listens on (it was free a moment ago). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
