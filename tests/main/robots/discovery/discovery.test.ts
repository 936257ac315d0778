import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createMdnsTransport, type MdnsTransport } from '../../../../src/agent/transports/mdnsTransport'
import {
  DiscoveryBrowser,
  type DiscoveredAgent,
  type DiscoveryBrowserOptions,
} from '../../../../src/main/robots/discovery/DiscoveryBrowser'
import { FLEETDESK_SERVICE_DOMAIN } from '../../../../src/net/mdns/fleetdeskService'

// Multicast stays on loopback: join and send on 127.0.0.1 only (see RECIPES.md, mDNS).
const mdns = { interface: '127.0.0.1', bind: '0.0.0.0' }
const root = fileURLToPath(new URL('../../../../', import.meta.url))
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function advertise(partId: string, port: number, machineName = 'arm.one'): Promise<MdnsTransport> {
  const transport = createMdnsTransport({
    mdns,
    port,
    identity: () => ({ partId, machineName, protocolVersion: 1 }),
  })
  await transport.start()
  cleanups.push(() => transport.stop())
  return transport
}

function browse(options: Omit<DiscoveryBrowserOptions, 'mdns'> = {}): DiscoveryBrowser {
  const browser = new DiscoveryBrowser({ mdns, ...options })
  cleanups.push(() => browser.dispose())
  return browser
}

/** Other tests may advertise on loopback at the same time: only events for this part count. */
function next(
  browser: DiscoveryBrowser,
  event: 'up' | 'down',
  partId: string,
): Promise<DiscoveredAgent & { at: number }> {
  return new Promise((resolve) => {
    const off = browser.on(event, (agent) => {
      if (agent.partId !== partId) return
      off()
      resolve({ ...agent, at: performance.now() })
    })
  })
}

describe('discovery on loopback', () => {
  it('a browser started after the agent sees it within a second, with its identity and address', async () => {
    const partId = `part-${randomUUID()}`
    await advertise(partId, 4101)
    const browser = browse()
    const up = next(browser, 'up', partId)
    const start = performance.now()
    browser.start()
    const agent = await up
    expect(agent.at - start).toBeLessThan(1000)
    expect(agent).toMatchObject({
      partId,
      machineName: 'arm.one',
      host: '127.0.0.1',
      port: 4101,
      protocolVersion: 1,
    })
    expect(agent.fqdn).toBe(`arm-one [${partId}]._fleetdesk._tcp.local`)
    expect(Date.now() - agent.lastSeen).toBeLessThan(1000)
    expect(browser.agents.map((a) => a.partId)).toContain(partId)
  })

  it('a browser sees an agent that starts while it browses within a second, and sees it leave when it stops', async () => {
    const partId = `part-${randomUUID()}`
    const browser = browse()
    browser.start()
    const up = next(browser, 'up', partId)
    const start = performance.now()
    const transport = await advertise(partId, 4102)
    expect((await up).at - start).toBeLessThan(1000)

    const down = next(browser, 'down', partId)
    const stopAt = performance.now()
    await transport.stop()
    expect((await down).at - stopAt).toBeLessThan(1000)
    expect(browser.agents.map((a) => a.partId)).not.toContain(partId)
  })

  it('notices an agent that vanished without a goodbye when it stops answering', async () => {
    const partId = `part-${randomUUID()}`
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/main/robots/discovery/fixtures/advertiseProcess.ts', partId, '4103'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    cleanups.push(() => void child.kill('SIGKILL'))
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('advertised') && resolve()),
    )
    const browser = browse({ queryIntervalMs: 200, staleAfterMs: 600 })
    const up = next(browser, 'up', partId)
    browser.start()
    await up
    const down = next(browser, 'down', partId)
    const killedAt = performance.now()
    child.kill('SIGKILL')
    const gone = await down
    // Between staleAfterMs and staleAfterMs plus one query interval (and some scheduling slack).
    expect(gone.at - killedAt).toBeGreaterThan(300)
    expect(gone.at - killedAt).toBeLessThan(1500)
  })

  it('answers a plain DNS-SD query (PTR for _fleetdesk._tcp.local) with PTR, SRV and TXT', async () => {
    const partId = `part-${randomUUID()}`
    await advertise(partId, 4104, 'plain')
    const raw = rawMdns()
    cleanups.push(() => new Promise<void>((resolve) => raw.destroy(() => resolve())))
    const answered = new Promise<RawPacket>((resolve) =>
      raw.on('response', (packet) => {
        const records = [...packet.answers, ...packet.additionals]
        if (records.some((r) => r.type === 'PTR' && String(r.data).includes(partId))) resolve(packet)
      }),
    )
    raw.query({ questions: [{ name: FLEETDESK_SERVICE_DOMAIN, type: 'PTR' }] })
    const packet = await answered
    const records = [...packet.answers, ...packet.additionals]
    const instance = `plain [${partId}]._fleetdesk._tcp.local`
    expect(records).toContainEqual(
      expect.objectContaining({ type: 'PTR', name: FLEETDESK_SERVICE_DOMAIN, data: instance }),
    )
    const srv = records.find((r) => r.type === 'SRV' && r.name === instance)
    expect(srv?.data).toMatchObject({ port: 4104 })
    const txt = records.find((r) => r.type === 'TXT' && r.name === instance)
    const entries = (txt?.data as Buffer[]).map((b) => b.toString())
    expect(entries.sort()).toEqual(['name=plain', `part=${partId}`, 'v=1'])
  })
})

// multicast-dns (bonjour-service's own dependency) as a plain DNS-SD client would use it. It ships
// no types; the little used here is typed by hand.
interface RawRecord {
  name: string
  type: string
  data: unknown
}
interface RawPacket {
  answers: RawRecord[]
  additionals: RawRecord[]
}
interface RawMdns {
  on(event: 'response', listener: (packet: RawPacket) => void): void
  query(query: { questions: Array<{ name: string; type: string }> }): void
  destroy(callback: () => void): void
}
function rawMdns(): RawMdns {
  const factory = createRequire(import.meta.url)('multicast-dns') as (options: typeof mdns) => RawMdns
  return factory(mdns)
}
