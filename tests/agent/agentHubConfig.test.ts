import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadAgentConfig } from '../../src/agent/agentConfig'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function configFile(extra: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-hub-config-'))
  dirs.push(dir)
  const file = join(dir, 'agent.json')
  writeFileSync(
    file,
    JSON.stringify({
      partId: 'p1',
      secret: 'secret-0123456789',
      machineName: 'm',
      dataDir: 'data',
      ...extra,
    }),
  )
  return file
}

describe('the agent config’s hub', () => {
  it('comes from the file or from --hub, which wins over the file’s URL and keeps its other settings', () => {
    expect(loadAgentConfig(configFile({})).hub).toBeUndefined()
    const file = configFile({ hub: { url: 'http://hub.lan:8080', keyRefreshMinutes: 5 } })
    expect(loadAgentConfig(file).hub).toEqual({ url: 'http://hub.lan:8080', keyRefreshMinutes: 5 })
    expect(loadAgentConfig(file, { hub: { url: 'https://hub.example/fleet' } }).hub).toEqual({
      url: 'https://hub.example/fleet',
      keyRefreshMinutes: 5,
    })
    expect(loadAgentConfig(configFile({}), { hub: { url: 'http://127.0.0.1:9' } }).hub).toEqual({
      url: 'http://127.0.0.1:9',
      keyRefreshMinutes: 10,
    })
  })

  it('refuses a URL that is not http(s), and a hub together with fixed keys', () => {
    expect(() => loadAgentConfig(configFile({}), { hub: { url: 'not a url' } })).toThrow(/hub\.url/)
    expect(() => loadAgentConfig(configFile({}), { hub: { url: 'file:///etc/passwd' } })).toThrow(
      /http:\/\/ or https:\/\//,
    )
    const both = configFile({ hubPublicKey: { keys: [] } })
    expect(() => loadAgentConfig(both, { hub: { url: 'http://hub.lan' } })).toThrow(/not both/)
  })
})
