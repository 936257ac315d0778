import { describe, expect, it } from 'vitest'
import type { ConsoleLine } from '../../../src/shared/api/serialViews'
import { ConsoleBuffer } from '../../../src/shared/console/ConsoleBuffer'

const line = (seq: number, text = `line ${seq}`): ConsoleLine => ({
  seq,
  at: seq,
  dir: 'in',
  text,
  eol: '\n',
})

describe('ConsoleBuffer', () => {
  it('keeps the last lines up to the count cap and counts what it dropped', () => {
    const b = new ConsoleBuffer(100, 1e9)
    for (let i = 1; i <= 5000; i++) b.add([line(i)])
    expect(b.size).toBe(100)
    expect(b.trimmed).toBe(4900)
    expect(b.at(0)?.seq).toBe(4901)
    expect(b.toArray().map((l) => l.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i))
  })

  it('caps by size too: a flood of long lines keeps memory flat', () => {
    const b = new ConsoleBuffer(10_000, 10_000)
    for (let i = 1; i <= 1000; i++) b.add([line(i, 'x'.repeat(968))]) // 1000 units each
    expect(b.size).toBe(10)
    expect(b.trimmed).toBe(990)
  })

  it('always keeps the newest line, even one over the size cap', () => {
    const b = new ConsoleBuffer(10, 10)
    b.add([line(1, 'x'.repeat(100))])
    expect(b.size).toBe(1)
  })

  it('clears everything, the trimmed count included', () => {
    const b = new ConsoleBuffer(2, 1e9)
    b.add([line(1), line(2), line(3)])
    b.clear()
    expect([b.size, b.trimmed]).toEqual([0, 0])
  })
})
