import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartId } from '../../../src/shared/ids'
import { makeTempFleet, type TempFleet } from '../../support/tempFleet'

let fleet: TempFleet
beforeAll(async () => {
  fleet = await makeTempFleet(4)
})
afterAll(() => fleet.dispose())

// Issue 8: the schema's own promise is that a config read and written back is unchanged. The order
// of keys is what a person sees in the editor, so it is part of "unchanged".
describe('a saved config keeps the keys the way the user wrote them', () => {
  it('reads back the same JSON text, key order included, across a restart', async () => {
    const partId = fleet.generated.fleet.parts[0]!.id as PartId
    // Unknown keys first, known keys out of schema order, nested objects in unusual order too.
    const written = {
      zz_site_note: 'written by hand',
      network: { bind_address: '0.0.0.0:8080', fqdn: 'arm.local' },
      services: [],
      components: [
        {
          attributes: { z_gain: 2, a_gain: 1 },
          model: 'fake',
          name: 'lift',
          depends_on: ['board'],
          api: 'rdk:component:motor',
        },
        { name: 'board', api: 'rdk:component:board', model: 'fake', attributes: {} },
      ],
      debug: true,
    }
    const text = JSON.stringify(written)
    const first = await fleet.start()
    const before = await first.core.call('getPartConfig', { partId })
    await first.core.call('savePartConfig', {
      partId,
      baseRevision: before.revision,
      config: JSON.parse(text) as unknown,
    })
    expect(JSON.stringify((await first.core.call('getPartConfig', { partId })).config)).toBe(text)
    await first.stop()

    const second = await fleet.start()
    try {
      expect(JSON.stringify((await second.core.call('getPartConfig', { partId })).config)).toBe(text)
    } finally {
      await second.stop()
    }
  })
})
