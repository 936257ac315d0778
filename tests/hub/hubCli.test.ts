import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseHubArgs } from '../../src/hub/cli/parseHubArgs'

describe('hub command line', () => {
  it('parses the options and refuses bad ones with a message', () => {
    const ok = parseHubArgs(['--port', '9000', '--data-dir', '/d', '--allow-signup'])
    expect(ok).toEqual({
      ok: true,
      args: expect.objectContaining({ port: 9000, dataDir: '/d', allowSignup: true, createOwner: null }),
    })
    for (const bad of [['--port', 'x'], ['--port'], ['--create-owner', 'not-an-email'], ['--nope']]) {
      const parsed = parseHubArgs(bad)
      expect(parsed.ok).toBe(false)
    }
  })
})

// The real program, as `npm run hub` runs it (node with tsx), on a PGlite data folder of its own.
describe('npm run hub', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  const run = (args: string[], until?: RegExp): Promise<{ out: string; child: ChildProcess }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts', ...args], {
        env: { ...process.env, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.push(child)
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        if (until?.test(out)) resolve({ out, child })
      })
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString()
      })
      child.on('exit', (code) =>
        until && !until.test(out) ? reject(new Error(`hub exited ${code}: ${out}`)) : resolve({ out, child }),
      )
    })

  it('says how to create the first owner, creates one with a password shown once, and signs it in', async () => {
    const data = join(dir, 'data')
    const first = await run(['--port', '0', '--data-dir', data], /create-owner[^\n]*\n/)
    expect(first.out).toMatch(/No account yet[\s\S]*--create-owner you@example.com/)
    const stopped = new Promise((resolve) => first.child.once('exit', resolve))
    first.child.kill('SIGTERM')
    await stopped

    const created = await run(['--create-owner', 'boss@example.com', '--data-dir', data])
    const password = /Password \(shown once, keep it safe\): (\S+)/.exec(created.out)?.[1]
    expect(password).toBeTruthy()

    const started = await run(['--port', '0', '--data-dir', data], /listening on (http:\/\/\S+) /)
    expect(started.out).not.toMatch(/No account yet/)
    const url = /listening on (http:\/\/\S+) /.exec(started.out)?.[1]
    const reply = await fetch(`${url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.com', password }),
    })
    expect(reply.status).toBe(200)
    const health = (await (await fetch(`${url}/v1/health`)).json()) as { storage: string }
    expect(health.storage).toBe('pglite')
  })
})
