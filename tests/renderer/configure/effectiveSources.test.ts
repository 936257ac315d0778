import { describe, expect, it } from 'vitest'
import type { ResourceOrigin } from '../../../src/shared/api/views'
import type { FragmentId } from '../../../src/shared/ids'
import {
  effectiveProblems,
  fragmentUseLine,
  modNotesByResource,
  resourceSourceRows,
  sourceLabel,
} from '../../../src/renderer/src/configure/effectiveSources'

const kit = 'frag-acme-camera-kit' as FragmentId
const fromKit = { kind: 'fragment', fragmentId: kit, name: 'Camera kit', revision: 2 } as const
const own = {
  components: [{ name: 'arm', api: 'rdk:component:arm', model: 'fake' }],
  fragments: [kit],
  fragment_mods: [
    {
      fragment_id: kit,
      mods: [
        { $set: { 'components.kit-camera.attributes.fps': 30 } },
        { $unset: { 'components.kit-light.attributes.commands': '' } },
      ],
    },
  ],
}

describe('sourceLabel', () => {
  it('names this machine, or the fragment with its revision', () => {
    expect(sourceLabel({ kind: 'machine' })).toBe('this machine')
    expect(sourceLabel(fromKit)).toBe('Camera kit, revision 2')
  })
})

describe('resourceSourceRows', () => {
  it('marks the fragment resources the mods changed, with each mod, and leaves the others alone', () => {
    const resources: ResourceOrigin[] = [
      { name: 'arm', kind: 'component', source: { kind: 'machine' } },
      { name: 'kit-camera', kind: 'component', source: fromKit },
      { name: 'kit-light', kind: 'component', source: fromKit },
      { name: 'kit-extra', kind: 'component', source: fromKit },
    ]
    expect(resourceSourceRows(resources, own)).toEqual([
      { name: 'arm', kind: 'component', source: 'this machine', fromFragment: false, mods: [] },
      {
        name: 'kit-camera',
        kind: 'component',
        source: 'Camera kit, revision 2',
        fromFragment: true,
        mods: ['$set attributes.fps = 30'],
      },
      {
        name: 'kit-light',
        kind: 'component',
        source: 'Camera kit, revision 2',
        fromFragment: true,
        mods: ['$unset attributes.commands'],
      },
      {
        name: 'kit-extra',
        kind: 'component',
        source: 'Camera kit, revision 2',
        fromFragment: true,
        mods: [],
      },
    ])
  })

  it('does not give one fragment the mods of another, nor a machine resource of the same name', () => {
    const other = {
      kind: 'fragment',
      fragmentId: 'frag-other' as FragmentId,
      name: 'Other',
      revision: 1,
    } as const
    const rows = resourceSourceRows(
      [
        { name: 'kit-camera', kind: 'component', source: other },
        { name: 'kit-light', kind: 'component', source: { kind: 'machine' } },
      ],
      own,
    )
    expect(rows.map((r) => r.mods)).toEqual([[], []])
  })

  it('follows a rename: the notes go to the new name', () => {
    const renamed = {
      fragment_mods: [
        {
          fragment_id: kit,
          mods: [
            { $set: { 'components.kit-camera.name': 'cam', 'components.kit-camera.attributes.fps': 5 } },
          ],
        },
      ],
    }
    const notes = modNotesByResource(renamed)
    expect([...notes.values()]).toEqual([['$set name = "cam"', '$set attributes.fps = 5']])
    expect(
      resourceSourceRows([{ name: 'cam', kind: 'component', source: fromKit }], renamed)[0]?.mods,
    ).toHaveLength(2)
  })

  it('skips what is not a mod rather than throw (the core reports it)', () => {
    for (const bad of [
      null,
      3,
      { fragment_mods: 'x' },
      { fragment_mods: [null, { fragment_id: kit, mods: [7, { $set: 1 }, { $set: { nope: 1 } }] }] },
    ])
      expect(modNotesByResource(bad).size).toBe(0)
  })
})

describe('fragmentUseLine', () => {
  it('says which revision is used, and when the cache lacks the fragment', () => {
    expect(
      fragmentUseLine({
        fragmentId: kit,
        wanted: 'latest',
        found: { name: 'Camera kit', orgId: 'o' as never, revision: 2 },
      }),
    ).toBe('Camera kit (frag-acme-camera-kit), revision 2 (latest)')
    expect(fragmentUseLine({ fragmentId: kit, wanted: 4, found: null })).toBe(
      "frag-acme-camera-kit (revision 4): not in this computer's copy of the fleet",
    )
  })
})

describe('effectiveProblems', () => {
  it('names both sources of a clash, and keeps every error with its path', () => {
    const problems = effectiveProblems(
      [
        { path: '$.components[0]', message: 'components "kit-camera" is defined twice: …' },
        { path: '$', message: 'fragment "x" (revision 4) is not available; load it first' },
      ],
      [
        {
          name: 'kit-camera',
          sources: [
            { name: 'kit-camera', kind: 'component', source: { kind: 'machine' } },
            { name: 'kit-camera', kind: 'component', source: fromKit },
          ],
        },
      ],
    )
    expect(problems.clashes).toEqual([
      '"kit-camera" is defined twice: by this machine (component) and by Camera kit, revision 2 (component)',
    ])
    expect(problems.errors).toEqual([
      '$.components[0]: components "kit-camera" is defined twice: …',
      'fragment "x" (revision 4) is not available; load it first',
    ])
  })
})
