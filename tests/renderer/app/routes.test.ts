import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  formatRoute,
  parseRoute,
  routeOf,
  selectionOf,
  type Route,
} from '../../../src/renderer/src/routes/routes'
import { buildFleetIndex } from '../../../src/renderer/src/state/buildFleetIndex'
import {
  clampSidebarWidth,
  parseSidebarLayout,
  sidebarKey,
  SIDEBAR_DEFAULT,
  SIDEBAR_MAX,
  SIDEBAR_MIN,
} from '../../../src/renderer/src/state/sidebarWidth'
import { smallFleet } from '../fleet/fleetTreeFixture'

describe('routes', () => {
  it('reads and writes each kind of place', () => {
    const cases: Array<[string, Route]> = [
      ['#/', { kind: 'all' }],
      ['#/org/org-acme', { kind: 'org', id: 'org-acme' }],
      ['#/location/loc-hall-a', { kind: 'location', id: 'loc-hall-a' }],
      ['#/machine/m-1/configure', { kind: 'machine', id: 'm-1', tab: 'configure', partId: null }],
      ['#/machine/m-1/history?part=p%202', { kind: 'machine', id: 'm-1', tab: 'history', partId: 'p 2' }],
      ['#/robot/abc-123', { kind: 'robot', partId: 'abc-123' }],
    ]
    for (const [hash, route] of cases) {
      expect(parseRoute(hash), hash).toEqual(route)
      expect(formatRoute(route)).toBe(hash)
    }
    expect(parseRoute('')).toEqual({ kind: 'all' })
    expect(parseRoute('#/machine/m-1')).toEqual({ kind: 'machine', id: 'm-1', tab: null, partId: null })
  })

  it('refuses what is not an address of the app, without throwing', () => {
    for (const hash of [
      '#/nope/x',
      '#/machine/m-1/settings',
      '#/org',
      '#/org/a/b',
      '#x',
      '#/machine/%E0%A4%A',
    ]) {
      expect(parseRoute(hash), hash).toBeNull()
    }
  })

  it('round-trips any id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (id) => {
        const route: Route = { kind: 'machine', id, tab: 'logs', partId: id }
        expect(parseRoute(formatRoute(route))).toEqual(route)
      }),
    )
  })

  it('maps the selection to the place and back, a part row included', () => {
    const index = buildFleetIndex(smallFleet())
    const at = (selectedKey: string | null, selectedPartId: string | null = null) =>
      routeOf({ selectedKey, selectedPartId, machineTab: 'configure' }, index)
    expect(at(null)).toEqual({ kind: 'all' })
    expect(at('location:loc-lyon')).toEqual({ kind: 'location', id: 'loc-lyon' })
    expect(at('machine:m-arm-2')).toEqual({ kind: 'machine', id: 'm-arm-2', tab: 'configure', partId: null })
    // The main part is left out of the address; another part is named.
    expect(at('machine:m-arm-10', 'm-arm-10-p0')).toMatchObject({ partId: null })
    const aux = at('part:m-arm-10-p1', 'm-arm-10-p1')
    expect(aux).toEqual({ kind: 'machine', id: 'm-arm-10', tab: 'configure', partId: 'm-arm-10-p1' })
    expect(selectionOf(aux as Route, index, 'control')).toEqual({
      selectedKey: 'part:m-arm-10-p1',
      selectedPartId: 'm-arm-10-p1',
      machineTab: 'configure',
    })
    expect(at('robot:xyz')).toEqual({ kind: 'robot', partId: 'xyz' })
    // A machine route without a tab keeps the tab in use.
    expect(
      selectionOf({ kind: 'machine', id: 'm-arm-2', tab: null, partId: null }, index, 'logs'),
    ).toMatchObject({
      selectedKey: 'machine:m-arm-2',
      machineTab: 'logs',
    })
  })
})

describe('sidebar width', () => {
  it('stays within its limits and leaves the main area room', () => {
    expect(clampSidebarWidth(100, 1440)).toBe(SIDEBAR_MIN)
    expect(clampSidebarWidth(5000, 1440)).toBe(SIDEBAR_MAX)
    expect(clampSidebarWidth(600, 900)).toBe(480)
    expect(clampSidebarWidth(Number.NaN, 1440)).toBe(SIDEBAR_DEFAULT)
    expect(clampSidebarWidth(333.4, 1440)).toBe(333)
  })

  it('reads a remembered layout, and nothing useful as the default', () => {
    expect(parseSidebarLayout('{"width":410,"collapsed":true}')).toEqual({ width: 410, collapsed: true })
    for (const bad of [null, '', 'not json', '[]', '{"width":"wide"}'])
      expect(parseSidebarLayout(bad).width).toBe(SIDEBAR_DEFAULT)
  })

  it('moves with the arrows, jumps with Home and End, folds with Enter', () => {
    const at = { width: 320, collapsed: false }
    expect(sidebarKey(at, 'ArrowRight', false, 1440)).toEqual({ width: 336, collapsed: false })
    expect(sidebarKey(at, 'ArrowLeft', true, 1440)).toEqual({ width: 256, collapsed: false })
    expect(sidebarKey(at, 'Home', false, 1440)).toEqual({ width: SIDEBAR_MIN, collapsed: false })
    expect(sidebarKey(at, 'End', false, 1024)).toEqual({ width: 604, collapsed: false })
    expect(sidebarKey(at, 'Enter', false, 1440)).toEqual({ width: 320, collapsed: true })
    expect(sidebarKey(at, 'a', false, 1440)).toBeNull()
  })
})
