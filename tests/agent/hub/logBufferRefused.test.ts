import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LogBuffer } from '../../../src/agent/hub/LogBuffer'

// Lines the hub refused leave the queue at once, and their count survives a restart until the hub
// has been told of them.

describe('LogBuffer: lines refused by the hub', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const open = (dir: string): LogBuffer =>
    new LogBuffer({ file: join(dir, 'l.jsonl'), stateFile: join(dir, 's.json'), maxBytes: 1 << 20 })

  it('removes them, counts them as dropped and keeps the count to report across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-refused-'))
    dirs.push(dir)
    const buffer = open(dir)
    for (const message of ['a', 'bad', 'c']) {
      buffer.append({ time: new Date(0).toISOString(), level: 'info', logger: 't', message })
    }
    buffer.acknowledge(1, { full: 0, refused: 0 })
    buffer.refuse(2, 'the hub answered 400')
    expect(buffer.peek(10, 1 << 20).map((l) => l.entry.message)).toEqual(['c'])
    expect(buffer.dropped).toMatchObject({ refused: 1, refusedReason: 'the hub answered 400', sinceStart: 1 })
    buffer.close()

    const again = open(dir)
    expect(again.peek(10, 1 << 20).map((l) => l.entry.message)).toEqual(['c'])
    expect(again.dropped).toMatchObject({ refused: 1, refusedReason: 'the hub answered 400' })
    again.acknowledge(3, { full: 0, refused: 1 })
    expect(again.dropped.refused).toBe(0)
    expect(again.size).toBe(0)
    again.close()
  })
})
