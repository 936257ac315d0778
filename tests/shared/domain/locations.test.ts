import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/shared/errors/CoreError'
import type { LocationId, OrgId } from '../../../src/shared/ids'
import {
  checkLocationPlacement,
  locationDepth,
  locationDescendants,
  locationPath,
} from '../../../src/shared/domain/locations'
import { MAX_LOCATION_DEPTH, type Location } from '../../../src/shared/domain/model'

const ACME = 'org-acme' as OrgId
const OTHER = 'org-other' as OrgId
const id = (s: string): LocationId => s as LocationId

function loc(key: string, parent: string | null, name = key, orgId = ACME): Location {
  return { id: id(key), orgId, parentId: parent === null ? null : id(parent), name, sharedWith: [] }
}

// Plant > Hall > Line 1, Line 2;  Depot (a root);  Lab > Bench (two levels)
const fleet: Location[] = [
  loc('plant', null, 'Plant'),
  loc('hall', 'plant', 'Hall'),
  loc('line1', 'hall', 'Line 1'),
  loc('line2', 'hall', 'Line 2'),
  loc('depot', null, 'Depot'),
  loc('lab', null, 'Lab'),
  loc('bench', 'lab', 'Bench'),
  loc('elsewhere', null, 'Elsewhere', OTHER),
]

describe('locationPath and locationDepth', () => {
  it('lists the chain root first', () => {
    expect(locationPath(fleet, id('line1')).map((l) => l.name)).toEqual(['Plant', 'Hall', 'Line 1'])
    expect(locationPath(fleet, id('depot')).map((l) => l.name)).toEqual(['Depot'])
    expect(locationDepth(fleet, id('line2'))).toBe(3)
    expect(locationDepth(new Map(fleet.map((l) => [l.id, l])), id('bench'))).toBe(2)
  })

  it('throws a clear error for an unknown location or a missing parent', () => {
    expect(() => locationPath(fleet, id('nope'))).toThrow('Location nope does not exist.')
    const orphan = [loc('child', 'gone', 'Child')]
    expect(() => locationPath(orphan, id('child'))).toThrow(
      'Location "Child" has parent gone, which does not exist.',
    )
    try {
      locationPath(orphan, id('child'))
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError)
      expect((err as CoreError).code).toBe('failed-precondition')
    }
  })

  it('throws on a cycle instead of looping, naming the locations in it', () => {
    const cyclic = [loc('a', 'b', 'A'), loc('b', 'a', 'B'), loc('c', 'a', 'C'), loc('self', 'self', 'Self')]
    expect(() => locationPath(cyclic, id('c'))).toThrow('Locations form a cycle: "A" inside "B" inside "A".')
    expect(() => locationDepth(cyclic, id('self'))).toThrow('Locations form a cycle: "Self" inside "Self".')
  })
})

describe('locationDescendants', () => {
  it('lists the whole subtree, parents first, and survives a cycle', () => {
    expect(locationDescendants(fleet, id('plant')).map((l) => l.name)).toEqual(['Hall', 'Line 1', 'Line 2'])
    expect(locationDescendants(fleet, id('line1'))).toEqual([])
    const cyclic = [loc('a', 'b'), loc('b', 'a')]
    expect(locationDescendants(cyclic, id('a')).map((l) => l.id)).toEqual(['b'])
  })
})

describe('checkLocationPlacement', () => {
  it('allows new locations up to the limit', () => {
    expect(checkLocationPlacement(fleet, { parentId: null, name: 'New' })).toEqual({ ok: true })
    expect(checkLocationPlacement(fleet, { parentId: id('hall'), name: 'Line 3' })).toEqual({ ok: true })
  })

  it('refuses a new location one level too deep', () => {
    expect(checkLocationPlacement(fleet, { parentId: id('line1'), name: 'Line 4' })).toEqual({
      ok: false,
      message: '"Line 4" would be nested 4 levels deep; locations nest at most 3 levels.',
    })
    expect(checkLocationPlacement(fleet, { parentId: id('line1') })).toMatchObject({
      ok: false,
      message: expect.stringContaining('"The new location" would be nested 4 levels deep'),
    })
  })

  it('counts the subtree of a moved location', () => {
    // Lab > Bench is two levels; under Depot it would put Bench at level 3: fine.
    expect(checkLocationPlacement(fleet, { id: id('lab'), parentId: id('depot') })).toEqual({ ok: true })
    // Hall > Line 1 under Lab puts Line 1 at level 3: fine. Under Bench, Line 1 would be at level 4.
    expect(checkLocationPlacement(fleet, { id: id('hall'), parentId: id('lab') })).toEqual({ ok: true })
    expect(checkLocationPlacement(fleet, { id: id('hall'), parentId: id('bench') })).toEqual({
      ok: false,
      message: 'Moving "Hall" there would nest "Line 1" 4 levels deep; locations nest at most 3 levels.',
    })
    // Plant (three levels) cannot go under anything, but may stay at the top.
    expect(checkLocationPlacement(fleet, { id: id('plant'), parentId: id('depot') })).toMatchObject({
      ok: false,
    })
    expect(checkLocationPlacement(fleet, { id: id('plant'), parentId: null })).toEqual({ ok: true })
  })

  it('refuses cycles', () => {
    expect(checkLocationPlacement(fleet, { id: id('hall'), parentId: id('hall') })).toEqual({
      ok: false,
      message: '"Hall" cannot be placed inside itself.',
    })
    expect(checkLocationPlacement(fleet, { id: id('plant'), parentId: id('line1') })).toEqual({
      ok: false,
      message: '"Plant" cannot be moved under "Line 1", which is inside it.',
    })
  })

  it('refuses a missing parent, broken data and another organization', () => {
    expect(checkLocationPlacement(fleet, { parentId: id('gone'), name: 'X' })).toEqual({
      ok: false,
      message: 'The chosen parent location gone does not exist.',
    })
    const broken = [...fleet, loc('a', 'b', 'A'), loc('b', 'a', 'B')]
    expect(checkLocationPlacement(broken, { parentId: id('a'), name: 'X' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('cycle'),
    })
    expect(checkLocationPlacement(fleet, { id: id('depot'), parentId: id('elsewhere') })).toEqual({
      ok: false,
      message: '"Depot" can only be placed under a location of its own organization.',
    })
    expect(
      checkLocationPlacement(fleet, { parentId: id('elsewhere'), name: 'X', orgId: ACME }),
    ).toMatchObject({
      ok: false,
    })
  })

  it('accepts exactly the moves that leave a valid forest', () => {
    // Random forests within the limit and random moves: accepted if and only if the result is valid.
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    const forestArb = fc
      .array(fc.nat(), { minLength: keys.length, maxLength: keys.length })
      .map((choices) => {
        // Each location picks a parent among the earlier ones that still have room, or the top level.
        const forest: Location[] = []
        keys.forEach((key, i) => {
          const roomy = forest.filter((l) => locationDepth(forest, l.id) < MAX_LOCATION_DEPTH)
          const parent = roomy[(choices[i] ?? 0) % (roomy.length + 1)]
          forest.push(loc(key, parent ? parent.id : null))
        })
        return forest
      })
    fc.assert(
      fc.property(forestArb, fc.nat(), fc.nat(), (forest, from, to) => {
        const moving = forest[from % forest.length]
        if (!moving) return
        const target = forest[to % (forest.length + 1)] // one past the end: move to the top level
        const parentId = target ? target.id : null
        const check = checkLocationPlacement(forest, { id: moving.id, parentId })
        // Do the move blindly and see whether the result is a valid forest (no cycle, nothing too deep).
        const moved = forest.map((l) => (l.id === moving.id ? { ...l, parentId } : l))
        const valid = (): boolean => {
          try {
            return moved.every((l) => locationDepth(moved, l.id) <= MAX_LOCATION_DEPTH)
          } catch {
            return false // a cycle
          }
        }
        expect(check.ok).toBe(valid())
      }),
    )
  })

  it('refuses a move of a location that does not exist instead of taking it for a new one', () => {
    expect(checkLocationPlacement(fleet, { id: id('gone'), parentId: id('depot') })).toEqual({
      ok: false,
      message: 'Location gone does not exist.',
    })
    expect(checkLocationPlacement(fleet, { id: id('gone'), parentId: null })).toMatchObject({ ok: false })
  })

  it('refuses every move under the location itself or any of its descendants, naming why', () => {
    // Random forests of any depth (deeper than the limit too, as broken data might be), so that the
    // refusal is the cycle, never a depth message that hides it.
    const forestArb = fc.array(fc.nat(), { minLength: 2, maxLength: 12 }).map((choices) => {
      const forest: Location[] = []
      choices.forEach((choice, i) => {
        const parent = forest[choice % (forest.length + 1)]
        forest.push(loc(`l${i}`, parent ? parent.id : null, `L${i}`))
      })
      return forest
    })
    fc.assert(
      fc.property(forestArb, fc.nat(), fc.nat(), (forest, from, to) => {
        const moving = forest[from % forest.length] as Location
        const under = [moving, ...locationDescendants(forest, moving.id)]
        const target = under[to % under.length] as Location
        const check = checkLocationPlacement(forest, { id: moving.id, parentId: target.id })
        const why =
          target.id === moving.id
            ? `"${moving.name}" cannot be placed inside itself.`
            : `"${moving.name}" cannot be moved under "${target.name}", which is inside it.`
        expect(check).toEqual({ ok: false, message: why })
      }),
      { numRuns: 500 },
    )
  })
})
