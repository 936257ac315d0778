import { describe, expect, it } from 'vitest'
import { numericFields, readingRows, ReadingsHistory } from '../../../src/renderer/src/state/readingsHistory'

describe('numericFields and readingRows', () => {
  const reading = {
    position: { latitude: 40.7, longitude: -74 },
    compass: 12.5,
    ok: true,
    label: 'imu',
    list: [1, 2],
    bad: Number.NaN,
  }
  it('flattens numbers by dotted path and skips what cannot be plotted', () => {
    expect([...numericFields(reading)]).toEqual([
      ['position.latitude', 40.7],
      ['position.longitude', -74],
      ['compass', 12.5],
    ])
  })
  it('lists every leaf for the table, printable', () => {
    expect(readingRows(reading)).toEqual([
      { path: 'position.latitude', value: '40.700' },
      { path: 'position.longitude', value: '-74' },
      { path: 'compass', value: '12.500' },
      { path: 'ok', value: 'true' },
      { path: 'label', value: 'imu' },
      { path: 'list', value: '[1,2]' },
      { path: 'bad', value: 'NaN' },
    ])
  })
})

describe('ReadingsHistory', () => {
  it('keeps the last samples in a ring, oldest first, seconds on the time axis', () => {
    const h = new ReadingsHistory(3)
    for (let i = 1; i <= 5; i++) h.push(i * 1000, new Map([['v', i * 10]]))
    expect(h.length).toBe(3)
    expect(h.toColumns(['v'])).toEqual([
      [3, 4, 5],
      [30, 40, 50],
    ])
  })

  it('lines up a field that appears later or goes missing with gaps', () => {
    const h = new ReadingsHistory(4)
    h.push(1000, new Map([['a', 1]]))
    h.push(
      2000,
      new Map([
        ['a', 2],
        ['b', 20],
      ]),
    )
    h.push(3000, new Map([['b', 30]]))
    expect(h.fields()).toEqual(['a', 'b'])
    expect(h.toColumns()).toEqual([
      [1, 2, 3],
      [1, 2, null],
      [null, 20, 30],
    ])
    expect(h.toColumns(['nope'])).toEqual([
      [1, 2, 3],
      [null, null, null],
    ])
  })
})
