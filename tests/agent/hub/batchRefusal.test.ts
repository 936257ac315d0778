import { describe, expect, it } from 'vitest'
import { batchRefusal } from '../../../src/agent/hub/batchRefusal'

describe('batchRefusal', () => {
  it('sends again what the hub could not take for its own reasons', () => {
    for (const status of [undefined, 401, 408, 429, 500, 503]) {
      expect(batchRefusal(status, 10)).toEqual({ kind: 'retry' })
    }
  })
  it('halves a batch the hub found bad or too large, down to the one line at fault', () => {
    expect(batchRefusal(400, 999)).toEqual({ kind: 'smaller', maxEntries: 500 })
    expect(batchRefusal(413, 2)).toEqual({ kind: 'smaller', maxEntries: 1 })
    expect(batchRefusal(400, 1)).toEqual({ kind: 'drop' })
    expect(batchRefusal(413, 1)).toEqual({ kind: 'drop' })
  })
  it('drops a batch refused with any other 4xx, which would be refused forever', () => {
    for (const status of [403, 404, 409, 422]) expect(batchRefusal(status, 50)).toEqual({ kind: 'drop' })
  })
})
