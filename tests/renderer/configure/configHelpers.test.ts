import { describe, expect, it } from 'vitest'
import { checkConfigText, lineColumnAt } from '../../../src/renderer/src/configure/checkConfigText'
import { jsonPathToPointer, pointerAncestry } from '../../../src/renderer/src/configure/jsonPathToPointer'

describe('checkConfigText', () => {
  it('accepts a valid config', () => {
    const text = JSON.stringify({ components: [{ name: 'b', api: 'rdk:component:board', model: 'fake' }] })
    expect(checkConfigText(text)).toMatchObject({ kind: 'valid' })
  })

  it('says where JSON breaks', () => {
    const result = checkConfigText('{\n  "components": [\n    {,\n  ]\n}')
    expect(result.kind).toBe('parse-error')
    if (result.kind === 'parse-error') expect(result.line).toBe(3)
    expect(checkConfigText('   ')).toMatchObject({
      kind: 'parse-error',
      message: expect.stringContaining('empty'),
    })
  })

  it('lists every schema problem with its path', () => {
    const result = checkConfigText(
      JSON.stringify({ components: [{ model: 'fake' }, { name: 'm', api: 'motor' }] }),
    )
    expect(result.kind).toBe('invalid')
    if (result.kind !== 'invalid') return
    const paths = result.errors.map((e) => e.path)
    expect(paths).toContain('$.components[0]')
    expect(paths).toContain('$.components[1].api')
  })

  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})

describe('jsonPathToPointer', () => {
  it('converts dotted, indexed and quoted segments', () => {
    expect(jsonPathToPointer('$')).toBe('')
    expect(jsonPathToPointer('$.components[2].attributes.max_rpm')).toBe('/components/2/attributes/max_rpm')
    expect(jsonPathToPointer('$.fragment_mods[0].mods[1]["$set"]["a/b~c"]')).toBe(
      '/fragment_mods/0/mods/1/$set/a~1b~0c',
    )
  })

  it('refuses what it cannot read', () => {
    expect(jsonPathToPointer('components.0')).toBeNull()
    expect(jsonPathToPointer('$..x')).toBeNull()
  })

  it('lists a pointer and its ancestors, deepest first', () => {
    expect(pointerAncestry('/a/0/b')).toEqual(['/a/0/b', '/a/0', '/a', ''])
  })
})
