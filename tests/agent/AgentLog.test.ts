import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AgentLog } from '../../src/agent/AgentLog'
import { ManualClock } from '../../src/agent/runtime/ManualClock'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentlog-'))
  dirs.push(dir)
  return dir
}

describe('AgentLog', () => {
  it('keeps the newest entries in a ring buffer, oldest first, filtered by level', () => {
    const clock = new ManualClock()
    const log = new AgentLog({ partId: 'p', clock, capacity: 5 })
    const l = log.logger('motor')
    for (let i = 0; i < 12; i++) {
      clock.advance(1)
      ;(i % 3 === 0 ? l.warn : l.info)(`m${i}`, { i })
    }
    expect(log.size).toBe(5)
    expect(log.entries().map((e) => e.message)).toEqual(['m7', 'm8', 'm9', 'm10', 'm11'])
    expect(log.entries({ level: 'warn' }).map((e) => e.message)).toEqual(['m9'])
    expect(log.entries({ limit: 2 }).map((e) => e.message)).toEqual(['m10', 'm11'])
    expect(log.entries()[0]).toEqual({
      partId: 'p',
      time: '2026-01-01T00:00:00.008Z',
      level: 'info',
      logger: 'motor',
      message: 'm7',
      fields: { i: 7 },
    })
    expect(l.child('pid').error).toBeTypeOf('function')
  })

  it('drops entries below its level and makes fields JSON-safe', () => {
    const log = new AgentLog({ partId: 'p', clock: new ManualClock(), level: 'info' })
    const l = log.logger('x')
    l.debug('hidden')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    l.error('boom', { error: new Error('bad wiring'), cyclic, skip: undefined, n: 2 })
    expect(log.entries()).toHaveLength(1)
    expect(log.entries()[0]?.fields).toEqual({ error: 'bad wiring', cyclic: '[object Object]', n: 2 })
  })

  it('rotates its file at the size cap, keeping N files', () => {
    const dir = tempDir()
    const log = new AgentLog({
      partId: 'p',
      clock: new ManualClock(),
      file: { dir, maxBytes: 1000, maxFiles: 3 },
    })
    const l = log.logger('spam')
    for (let i = 0; i < 60; i++) l.info(`line ${String(i).padStart(3, '0')}`, { pad: 'x'.repeat(60) })
    log.close()
    expect(readdirSync(dir).sort()).toEqual(['agent.log', 'agent.log.1', 'agent.log.2'])
    const lines = (f: string): Array<{ message: string }> =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((s) => JSON.parse(s) as { message: string })
    for (const f of ['agent.log', 'agent.log.1', 'agent.log.2']) {
      expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(1000)
    }
    // Newest in agent.log, older in .1, older still in .2; contiguous, the oldest dropped.
    const all = [...lines('agent.log.2'), ...lines('agent.log.1'), ...lines('agent.log')].map(
      (e) => e.message,
    )
    expect(all[all.length - 1]).toBe('line 059')
    const first = Number(all[0]?.slice(5))
    expect(first).toBeGreaterThan(0)
    expect(all).toEqual(
      Array.from({ length: 60 - first }, (_, k) => `line ${String(first + k).padStart(3, '0')}`),
    )
    // A restarted agent appends to the current file.
    const again = new AgentLog({
      partId: 'p',
      clock: new ManualClock(),
      file: { dir, maxBytes: 1000, maxFiles: 3 },
    })
    again.logger('x').info('after restart')
    again.close()
    expect(lines('agent.log').map((e) => e.message)).toContain('after restart')
  })

  it('keeps logging in memory when the file cannot be written', () => {
    const dir = tempDir()
    const blocked = join(dir, 'file-not-dir')
    rmSync(blocked, { force: true })
    writeFileSync(blocked, 'x')
    const log = new AgentLog({ partId: 'p', clock: new ManualClock(), file: { dir: blocked } })
    log.logger('x').info('still here')
    expect(log.entries().map((e) => e.message)).toEqual([
      'log file disabled: cannot write to the data folder',
      'still here',
    ])
  })

  it('hands live entries to subscribers until they unsubscribe', () => {
    const log = new AgentLog({ partId: 'p', clock: new ManualClock() })
    const seen: string[] = []
    const off = log.subscribe((e) => seen.push(e.message))
    log.subscribe(() => {
      throw new Error('a broken subscriber')
    })
    log.logger('a').info('one')
    off()
    log.logger('a').info('two')
    expect(seen).toEqual(['one'])
  })
})
