import { describe, expect, it } from 'vitest'
import type { SerialPortView } from '../../../src/shared/api/serialViews'
import { portsChanged, SerialPortWatcher } from '../../../src/main/serial/ports/SerialPortWatcher'
import { eventually } from '../../support/eventually'

const port = (path: string, serialNumber: string | null = null): SerialPortView => ({
  path,
  manufacturer: null,
  vendorId: null,
  productId: null,
  serialNumber,
  product: null,
  chip: null,
})

describe('SerialPortWatcher', () => {
  it('compares listings by what a window shows', () => {
    expect(portsChanged([port('/dev/a')], [port('/dev/a')])).toBe(false)
    expect(portsChanged([port('/dev/a')], [port('/dev/a', 'X')])).toBe(true)
    expect(portsChanged([], [port('/dev/a')])).toBe(true)
  })

  it('stops polling when the last lease runs out', async () => {
    let clock = 0
    let polls = 0
    const w = new SerialPortWatcher({
      list: () => {
        polls++
        return Promise.resolve([])
      },
      changed: () => undefined,
      intervalMs: 5,
      leaseMs: 100,
      now: () => clock,
    })
    w.watch()
    await eventually('polling', () => (polls >= 3 ? true : undefined))
    expect(w.watching).toBe(true)
    clock = 1000 // the lease ran out: no window renewed it
    await eventually('stopped', () => (w.watching ? undefined : true))
    const after = polls
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(polls).toBe(after)
    w.watch() // a window comes back
    expect(w.watching).toBe(true)
    w.stop()
  })
})
