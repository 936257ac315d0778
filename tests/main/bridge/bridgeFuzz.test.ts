import fc from 'fast-check'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startBrowserServer, type RunningBrowserServer } from '../../../src/main/bridge/BrowserServer'
import type { StartedCore } from '../../../src/main/app/startCore'
import type { FleetCore } from '../../../src/main/core/FleetCore'
import { OPCODE, openRawBridge, type RawBridge } from './support/rawBridgeSocket'
import { fuzzCaseArb, type FuzzCase, type FuzzFleet } from './support/fuzzCases'
import type { BridgeMessage } from '../../../src/shared/api/bridgeProtocol'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'
import { errorMessage } from '../../../src/shared/errors/errorMessage'

// Fuzz of the WebSocket bridge over real sockets, against a real core on a real sql.js cache: random
// and mutated frames (not UTF-8, binary, fragmented, oversized, reserved bits and opcodes, random
// JSON, valid methods with random params, requests exactly at the size bound and one byte over).
// After every case the server still answers a well-behaved client; at the end the cache holds exactly
// what it held before plus the valid saves the fuzz sent, also after a restart from disk.
//
// Bounded in count and in time. A failure prints its seed; replay it with
//   FLEETDESK_FUZZ_SEED=<seed> npx vitest run tests/main/bridge/bridgeFuzz.test.ts
// and run longer with FLEETDESK_FUZZ_RUNS=<n>.

const RUNS = Number(process.env.FLEETDESK_FUZZ_RUNS ?? 120)
const SEED = Number(process.env.FLEETDESK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
/** Stops the run (as passed, with the cases done so far) on a machine too loaded to finish. */
const TIME_LIMIT_MS = 90_000
/** A small limit keeps oversized frames cheap; the bound is checked exactly all the same. */
const LIMIT = 64 * 1024
/** A hung case ends the test instead of hanging it; generous, not a speed assertion. */
const CASE_BOUND_MS = 20_000

let fleet: TempFleet
let started: StartedCore
let server: RunningBrowserServer
let rendererDir: string
let probe: WebSocket
const rejected: string[] = []

beforeAll(async () => {
  fleet = await makeTempFleet(4)
  started = await fleet.start()
  rendererDir = mkdtempSync(join(tmpdir(), 'fleetdesk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fleetdesk</title>')
  server = await startBrowserServer({
    core: started.core,
    rendererDir,
    port: 0,
    maxMessageBytes: LIMIT,
    log: (line) => rejected.push(line),
  })
  probe = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  })
  await new Promise<void>((resolve, reject) => {
    probe.once('open', () => resolve())
    probe.once('error', reject)
  })
})

afterAll(async () => {
  probe.close()
  await server.close()
  await started.stop()
  fleet.dispose()
  rmSync(rendererDir, { recursive: true, force: true })
})

let probeId = 1_000_000
/** One call from a well-behaved client on a connection kept for the whole run. */
function probeCall(method: string): Promise<BridgeMessage> {
  const id = probeId++
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(data.toString()) as BridgeMessage
      if (msg.kind !== 'reply' || msg.id !== id) return
      probe.off('message', onMessage)
      resolve(msg)
    }
    probe.on('message', onMessage)
    if (probe.readyState !== WebSocket.OPEN) reject(new Error('the probe connection was closed'))
    probe.send(JSON.stringify({ id, method, params: {} }))
  })
}

interface Snapshot {
  tree: unknown
  settings: unknown
  parts: Record<string, { config: unknown; revision: number; history: unknown; outbox: number }>
}

/** What the cache holds, as the core reports it. Pending counts change with saves, so they are per part. */
async function snapshot(core: FleetCore): Promise<Snapshot> {
  const tree = await core.call('getFleetTree', {})
  const outbox = await core.call('listOutbox', {})
  const parts: Snapshot['parts'] = {}
  for (const part of fleet.generated.fleet.parts) {
    const view = await core.call('getPartConfig', { partId: part.id })
    const history = await core.call('getPartHistory', { partId: part.id })
    parts[part.id] = {
      config: view.config,
      revision: view.revision,
      history,
      outbox: outbox.filter((o) => o.kind === 'config' && o.partId === part.id).length,
    }
  }
  return {
    tree: { ...tree, machines: tree.machines.map((m) => ({ ...m, pendingEdits: 'per part' })) },
    settings: await core.call('getSettings', {}),
    parts,
  }
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${CASE_BOUND_MS} ms`)), CASE_BOUND_MS)
  })
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer))
}

interface Outcome {
  replies: Map<number, BridgeMessage & { kind: 'reply' }>
  close: { code: number; reason: string } | null
}

/** Reads the server's frames until every id has a reply, or the server closed (or ended). */
async function readOutcome(raw: RawBridge, ids: readonly number[]): Promise<Outcome> {
  const replies = new Map<number, BridgeMessage & { kind: 'reply' }>()
  for (;;) {
    if (ids.every((id) => replies.has(id))) return { replies, close: null }
    const frame = await raw.nextFrame()
    if (!frame) return { replies, close: null }
    if (frame.opcode === OPCODE.close) {
      const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005
      return { replies, close: { code, reason: frame.payload.subarray(2).toString() } }
    }
    if (frame.opcode !== OPCODE.text) continue // pongs
    const msg = JSON.parse(frame.payload.toString()) as BridgeMessage
    if (msg.kind === 'reply') replies.set(msg.id, msg)
  }
}

/** Runs one case on its own connection; returns the valid saves the server applied. */
async function runCase(c: FuzzCase): Promise<Array<{ partId: string; config: unknown }>> {
  const raw = await openRawBridge(server.port, { token: server.token })
  expect(raw.status).toBe(101)
  for (const f of c.frames) raw.write(f)
  const applied: Array<{ partId: string; config: unknown }> = []
  const e = c.expect
  switch (e.kind) {
    case 'replies': {
      const outcome = await readOutcome(raw, e.ids)
      expect(outcome.close).toBeNull()
      for (const id of e.ids) {
        const reply = outcome.replies.get(id)
        expect(reply, `a reply to ${id}`).toBeDefined()
        // Random params are refused as such; an `internal` error would be the core failing on them.
        if (reply && !reply.reply.ok) expect(reply.reply.error.code).not.toBe('internal')
      }
      for (const save of e.saves) {
        const reply = outcome.replies.get(save.id)
        expect(reply?.reply, `the valid save ${save.id} is applied`).toMatchObject({ ok: true })
        applied.push({ partId: save.partId, config: save.config })
      }
      break
    }
    case 'close': {
      const outcome = await readOutcome(raw, [-1]) // no such id: read on until the close
      expect(outcome.close?.code, `close code for ${c.label}`).toBeOneOf(e.codes)
      // Calls before the bad message are served, but their replies may lose the race with the close.
      for (const reply of outcome.replies.values()) {
        expect(e.ids).toContain(reply.id)
        if (!reply.reply.ok) expect(reply.reply.error.code).not.toBe('internal')
      }
      break
    }
    case 'any':
      break
  }
  await raw.end()
  return applied
}

describe('bridge fuzz', () => {
  it(`survives ${RUNS} random connections and changes only what valid saves changed`, async () => {
    const parts = fleet.generated.fleet.parts
    const before = await snapshot(started.core)
    const fuzzFleet: FuzzFleet = {
      partIds: parts.map((p) => p.id),
      machineIds: fleet.generated.fleet.machines.map((m) => m.id),
      revisionOf: (partId) => before.parts[partId]?.revision ?? 0,
    }
    const saved = new Map<string, unknown>()
    let cases = 0
    const property = fc.asyncProperty(fuzzCaseArb(fuzzFleet, LIMIT), async (c) => {
      cases += 1
      const applied = await withTimeout(`case ${c.label}`, runCase(c))
      for (const s of applied) saved.set(s.partId, s.config)
      const alive = await withTimeout('the probe call', probeCall('getStatus'))
      expect(alive).toMatchObject({ kind: 'reply', reply: { ok: true } })
    })
    try {
      // No shrinking: each case is independent, and a counterexample with its seed is enough to replay.
      await fc.assert(property, {
        numRuns: RUNS,
        seed: SEED,
        endOnFailure: true,
        interruptAfterTimeLimit: TIME_LIMIT_MS,
      })
    } catch (err) {
      const message = errorMessage(err)
      throw new Error(`bridge fuzz failed (replay: FLEETDESK_FUZZ_SEED=${SEED}): ${message}`, { cause: err })
    }
    expect(cases).toBeGreaterThan(0)

    const expected = (snap: Snapshot): Snapshot => {
      const parts: Snapshot['parts'] = {}
      for (const [partId, p] of Object.entries(snap.parts)) {
        const config = saved.has(partId) ? saved.get(partId) : p.config
        // A save adds a pending edit (the outbox count is checked below); nothing else moves.
        parts[partId] = { ...p, config, outbox: saved.has(partId) ? -1 : p.outbox }
      }
      return { ...snap, parts }
    }
    const masked = (snap: Snapshot): Snapshot => {
      const parts: Snapshot['parts'] = {}
      for (const [partId, p] of Object.entries(snap.parts)) {
        if (saved.has(partId)) expect(p.outbox, `a pending edit for ${partId}`).toBeGreaterThan(0)
        parts[partId] = { ...p, outbox: saved.has(partId) ? -1 : p.outbox }
      }
      return { ...snap, parts }
    }
    expect(masked(await snapshot(started.core))).toEqual(expected(before))

    // The same from disk: the journal holds the saves and nothing else.
    await server.close()
    await started.stop()
    started = await fleet.start()
    server = await startBrowserServer({ core: started.core, rendererDir, port: 0, log: () => undefined })
    expect(masked(await snapshot(started.core))).toEqual(expected(before))
    console.log(
      `bridge fuzz: ${cases} cases (seed ${SEED}), ${saved.size} part(s) saved, ${rejected.length} connections refused`,
    )
  }, 240_000)
})
