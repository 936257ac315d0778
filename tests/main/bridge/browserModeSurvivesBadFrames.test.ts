import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  BRIDGE_CLOSE,
  BRIDGE_MAX_MESSAGE_BYTES,
  type BridgeMessage,
} from '../../../src/shared/api/bridgeProtocol'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'
import { encodeFrame, OPCODE, openRawBridge, textFrame } from './support/rawBridgeSocket'

// Browser mode as users run it (src/main/serve.ts in its own process): one malformed frame used to
// raise an unhandled 'error' on the socket and end the process with code 1, taking the core, every
// robot session and STOP ALL with it. Now it closes that one connection with the code that says why.

const TOKEN = 'bad-frames-test-token-0123456789'

let fleet: TempFleet
let rendererDir: string
let child: ChildProcess
let port: number
let stderr = ''
let exited: Promise<number | null>

beforeAll(async () => {
  fleet = await makeTempFleet(5)
  rendererDir = mkdtempSync(join(tmpdir(), 'fleetdesk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Fleetdesk</title>')
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/serve.ts',
      '--port',
      '0',
      '--data-dir',
      fleet.dataDir,
      '--renderer-dir',
      rendererDir,
      '--token',
      TOKEN,
    ],
    // Discovery, if it browses at all, stays on loopback.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FLEETDESK_MDNS_INTERFACE: '127.0.0.1' } },
  )
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const match = /Fleetdesk at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (match?.[1]) resolve(Number(match[1]))
    })
    void exited.then((code) =>
      reject(new Error(`browser mode exited (${code}) before it listened: ${stderr}`)),
    )
  })
}, 60_000)

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGTERM')
  await exited
  fleet.dispose()
  rmSync(rendererDir, { recursive: true, force: true })
})

/** A well-behaved client (the `ws` library) making one call; proves the process still serves. */
async function answersACall(): Promise<BridgeMessage> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${TOKEN}`, {
    origin: `http://127.0.0.1:${port}`,
  })
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return await new Promise<BridgeMessage>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as BridgeMessage
        if (msg.kind === 'reply') resolve(msg) // events (status pushes) may come first
      })
      ws.once('close', () => reject(new Error('closed before it answered')))
      ws.send(JSON.stringify({ id: 7, method: 'getStatus', params: {} }))
    })
  } finally {
    ws.close()
  }
}

describe('browser mode and malformed frames', () => {
  it('closes a connection that sends text which is not UTF-8 with 1007, and keeps serving', async () => {
    const raw = await openRawBridge(port, { token: TOKEN })
    expect(raw.status).toBe(101)
    raw.write(textFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))) // "{", two bytes UTF-8 never has, "}"
    expect(await raw.closeCode()).toMatchObject({ code: BRIDGE_CLOSE.invalidPayload })
    await raw.end()
    expect(child.exitCode).toBeNull()
    expect(await answersACall()).toMatchObject({ kind: 'reply', id: 7, reply: { ok: true } })
  })

  it('closes a connection that announces a message over the limit with 1009, and keeps serving', async () => {
    const raw = await openRawBridge(port, { token: TOKEN })
    // The header alone is enough: the server refuses the length before reading the payload.
    raw.write(
      encodeFrame({
        opcode: OPCODE.text,
        payload: Buffer.alloc(0),
        announcedLength: BRIDGE_MAX_MESSAGE_BYTES + 1,
      }),
    )
    expect(await raw.closeCode()).toMatchObject({ code: BRIDGE_CLOSE.messageTooBig })
    await raw.end()
    expect(await answersACall()).toMatchObject({ kind: 'reply', id: 7, reply: { ok: true } })
  })

  it('closes a connection that breaks the protocol (unmasked frame, reserved bits) with 1002, and keeps serving', async () => {
    for (const frame of [
      encodeFrame({ opcode: OPCODE.text, payload: Buffer.from('{}'), masked: false }),
      encodeFrame({ opcode: OPCODE.text, payload: Buffer.from('{}'), rsv: 0b100 }),
      encodeFrame({ opcode: 0x3, payload: Buffer.from('{}') }),
    ]) {
      const raw = await openRawBridge(port, { token: TOKEN })
      raw.write(frame)
      expect(await raw.closeCode()).toMatchObject({ code: BRIDGE_CLOSE.protocolError })
      await raw.end()
    }
    expect(await answersACall()).toMatchObject({ kind: 'reply', id: 7, reply: { ok: true } })
  })

  it('is still running, and stops cleanly when asked', async () => {
    expect(child.exitCode).toBeNull()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
