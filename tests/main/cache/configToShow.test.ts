import { describe, expect, it } from 'vitest'
import { configToShow } from '../../../src/main/cache/configToShow'
import type { ConfigOutboxEntry } from '../../../src/main/cache/types'
import type { PartId } from '../../../src/shared/ids'

const hub = { components: [{ name: 'hub-motor', api: 'rdk:component:motor', model: 'fake' }] }
const local = { components: [{ name: 'local-motor', api: 'rdk:component:motor', model: 'fake' }] }
const edit = (rejection: string | null = null): ConfigOutboxEntry => ({
  seq: 1,
  kind: 'config',
  partId: 'part-1' as PartId,
  baseRevision: 3,
  config: local,
  author: 'ada@example.com',
  savedAt: '2026-01-01T00:00:00.000Z',
  rejection,
})

describe('configToShow', () => {
  it('is the local edit while one waits in the outbox, refused by the hub or not', () => {
    expect(configToShow({ config: hub, pending: edit() })).toBe(local)
    expect(configToShow({ config: hub, pending: edit('conflict on the hub') })).toBe(local)
    expect(configToShow({ config: null, pending: edit() })).toBe(local)
  })

  it("is the hub's cached revision otherwise, and null when there is neither", () => {
    expect(configToShow({ config: hub, pending: null })).toBe(hub)
    expect(configToShow({ config: null, pending: null })).toBeNull()
  })
})
