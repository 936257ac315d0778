import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Runs the CLI as `npm run agent` does (tsx), until `stopWhen` sees its output; then SIGTERM. */
function runAgent(
  args: string[],
  stopWhen?: RegExp,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/agent/main.ts', ...args], {
      stdio: 'pipe',
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`agent did not finish: ${out}${err}`))
    }, 20_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (stopWhen?.test(out) && !child.killed) child.kill('SIGTERM')
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
  })
}

describe('npm run agent', () => {
  it('starts from its config file, says it is running with its part id, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-cli-'))
    dirs.push(dir)
    writeFileSync(
      join(dir, 'machine.json'),
      JSON.stringify({
        components: [
          { name: 'm', api: 'rdk:component:motor', model: 'fake' },
          { name: 'bad', type: 'arm', model: 'fake' },
        ],
      }),
    )
    writeFileSync(
      join(dir, 'agent.json'),
      JSON.stringify({
        partId: 'part-cli-1',
        secret: 'cli-secret-0123456789',
        machineName: 'cli-bot',
        dataDir: 'data',
        mdns: { enabled: false },
        machineConfig: 'machine.json',
      }),
    )
    const { code, out, err } = await runAgent(['--config', join(dir, 'agent.json')], /agent running/)
    expect(out).toMatch(
      /fleetdesk agent running: part part-cli-1 \(machine "cli-bot"\), config revision 1, 1\/2 resources ready/,
    )
    expect(out).toMatch(/SIGTERM: stopping\n[\s\S]*fleetdesk agent stopped\n$/)
    expect(err).toMatch(/resource unhealthy/)
    expect(code).toBe(0)
    expect(existsSync(join(dir, 'data', 'logs', 'agent.log'))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'data', 'machine-config.json'), 'utf8'))).toMatchObject({
      revision: 1,
    })
  })

  it('exits 2 with the problems of a bad agent config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-cli-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ partId: 'p', secret: 'short', dataDir: 'd' }))
    const { code, err } = await runAgent(['--config', join(dir, 'agent.json')])
    expect(code).toBe(2)
    expect(err).toMatch(/invalid agent config: \$\.secret: must be at least 16.*\$: missing "machineName"/)
  })

  it('exits 2 when the hub key is not an Ed25519 public key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-cli-'))
    dirs.push(dir)
    const hubPublicKey = '-----BEGIN PUBLIC KEY-----\nbm9wZQ==\n-----END PUBLIC KEY-----'
    const config = {
      partId: 'p',
      secret: 'cli-secret-0123456789',
      machineName: 'm',
      dataDir: 'd',
      hubPublicKey,
    }
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(config))
    const { code, err } = await runAgent(['--config', join(dir, 'agent.json')])
    expect(code).toBe(2)
    expect(err).toMatch(/invalid agent config: \$\.hubPublicKey is not an Ed25519 public key/)
  })
})
