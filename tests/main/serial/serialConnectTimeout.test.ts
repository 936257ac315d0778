import { afterEach, describe, expect, it } from 'vitest'
import { createSerialConnector } from '../../../src/main/robots/connectors/createSerialConnector'
import { connectorByKind } from '../../../src/main/robots/connectors/RobotConnector'
import { RobotSessions } from '../../../src/main/robots/RobotSessions'
import { SerialLinks } from '../../../src/main/serial/link/SerialLinks'
import { eventually } from '../../support/eventually'
import { createPtyPair, type PtyPair } from '../../support/ptyPair'

// The connect timeout covers the whole setup over serial too: a port where nothing answers the
// handshake (no agent on it, or the wrong baud rate) fails within it, saying what to check, and the
// port is let go.

let pair: PtyPair | undefined
let sessions: RobotSessions | undefined
afterEach(async () => {
  sessions?.closeAll()
  await pair?.dispose()
  pair = sessions = undefined
})

describe('the serial connector and the connect timeout', () => {
  it('fails a device that never answers the hello within the timeout, with a clear error', async () => {
    // Nothing ever reads or answers on the other end of this pair.
    pair = await createPtyPair()
    const links = new SerialLinks()
    sessions = new RobotSessions({
      connector: connectorByKind({ serial: createSerialConnector({ registry: links }) }),
      onChange: () => undefined,
      onOpenOrEnd: () => undefined,
      onLive: () => undefined,
    })
    const path = pair.a
    const started = performance.now()
    const err = await sessions
      .open({
        partId: 'part-silent',
        machineId: null,
        machineName: 'silent-bot',
        auth: { kind: 'secret', partId: 'part-silent', secret: 'whatever-secret' },
        resolveTarget: () => ({ kind: 'serial', path, baudRate: 115200 }),
        connectTimeoutMs: 1500,
      })
      .then(
        () => null,
        (e: unknown) => e as Error & { code?: string },
      )
    const took = performance.now() - started
    expect(err?.message).toMatch(
      /silent-bot did not answer the session handshake within 1500 ms .*baud rate matches/,
    )
    expect(err?.code).toBe('unavailable')
    // Well before the client's own 10 s per-call timeout.
    expect(took).toBeGreaterThanOrEqual(1400)
    expect(took).toBeLessThan(8000)
    expect(sessions.has('part-silent')).toBe(false)
    await eventually('the port let go', () => (links.get(path) === undefined ? true : undefined))
  })
})
