import { json } from '@codemirror/lang-json'
import { EditorState } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { checkConfigText } from '../../../src/renderer/src/configure/checkConfigText'
import {
  listConfigProblems,
  problemDiagnostics,
  problemRange,
} from '../../../src/renderer/src/configure/configProblems'
import { findJsonNode } from '../../../src/renderer/src/configure/findJsonNode'

const stateOf = (doc: string): EditorState => EditorState.create({ doc, extensions: [json()] })
const slice = (state: EditorState, r: { from: number; to: number }): string =>
  state.doc.sliceString(r.from, r.to)

const config = (components: unknown[]): string => JSON.stringify({ components }, null, 2)
const motor = (name: string): Record<string, unknown> => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes: { max_rpm: 90, pins: { a: '1' } },
})

describe('findJsonNode', () => {
  const text = config([motor('a'), motor('b')])
  const state = stateOf(text)

  it('finds values by pointer, with the property name when there is one', () => {
    const name = findJsonNode(state, '/components/1/name')!
    expect(name.exact).toBe(true)
    expect(state.doc.sliceString(name.valueFrom, name.valueTo)).toBe('"b"')
    expect(state.doc.sliceString(name.keyFrom!, name.keyTo!)).toBe('"name"')
    const entry = findJsonNode(state, '/components/0')!
    expect(entry.keyFrom).toBeNull()
    expect(state.doc.sliceString(entry.valueFrom, entry.valueFrom + 1)).toBe('{')
  })

  it('gives the deepest ancestor, not exact, for a path that is not all there', () => {
    const missing = findJsonNode(state, '/components/1/attributes/nope')!
    expect(missing.exact).toBe(false)
    expect(state.doc.sliceString(missing.keyFrom!, missing.keyTo!)).toBe('"attributes"')
    expect(findJsonNode(state, '/components/9')?.exact).toBe(false)
  })

  it('reads escaped property names and pointer escapes', () => {
    const s = stateOf('{"a/b": {"x~y": 1}}')
    const n = findJsonNode(s, '/a~1b/x~0y')!
    expect(n.exact).toBe(true)
    expect(s.doc.sliceString(n.valueFrom, n.valueTo)).toBe('1')
  })
})

describe('listConfigProblems and their markers', () => {
  it('makes one problem and one marker of a JSON typo, at its line and column', () => {
    const text = config([motor('a'), motor('b')]).replace('"name": "b"', '"name" "b"')
    const check = checkConfigText(text)
    const problems = listConfigProblems(check, null)!
    expect(problems.kind).toBe('parse-error')
    expect(problems.problems).toHaveLength(1)
    expect(problems.problems[0]!.where).toMatch(/^Line \d+, column \d+$/)
    const state = stateOf(text)
    const marks = problemDiagnostics(state, problems.problems)
    expect(marks).toHaveLength(1)
    expect(state.doc.lineAt(marks[0]!.from).text).toContain('"name" "b"')
    expect(slice(state, marks[0]!)).toBe('"')
  })

  it('marks a name defined twice at both places', () => {
    const text = config([motor('m'), motor('x'), motor('m')])
    const problems = listConfigProblems(checkConfigText(text), null)!
    expect(problems.problems.map((p) => p.where)).toEqual(['$.components[0].name', '$.components[2].name'])
    const state = stateOf(text)
    const marks = problemDiagnostics(state, problems.problems)
    expect(marks.map((m) => slice(state, m))).toEqual(['"m"', '"m"'])
    expect(state.doc.lineAt(marks[0]!.from).number).toBeLessThan(state.doc.lineAt(marks[1]!.from).number)
  })

  it('marks a many-line value by its key, or an array entry by its first character', () => {
    const text = config([{ ...motor('a'), attributes: 7 }, { model: 'fake' }])
    const state = stateOf(text)
    expect(slice(state, problemRange(state, { kind: 'path', path: '$.components[0].attributes' }))).toBe('7')
    expect(slice(state, problemRange(state, { kind: 'path', path: '$.components[1]' }))).toBe('{')
    const attrs = config([motor('a')])
    const s2 = stateOf(attrs)
    expect(slice(s2, problemRange(s2, { kind: 'path', path: '$.components[0].attributes' }))).toBe(
      '"attributes"',
    )
  })

  it('lists errors from a refused save instead of the local ones, and nothing when valid', () => {
    const text = config([motor('a')])
    expect(listConfigProblems(checkConfigText(text), null)).toBeNull()
    const refused = listConfigProblems(checkConfigText(text), [
      { path: '$.components[0].model', message: 'no' },
    ])!
    expect(refused.kind).toBe('refused')
    expect(refused.title).toBe('Not saved: the core found 1 problem')
  })

  it('keeps a marker inside the document for a position past a line end', () => {
    const state = stateOf('{\n}')
    const r = problemRange(state, { kind: 'position', line: 9, column: 99 })
    expect(r.from).toBeLessThanOrEqual(state.doc.length)
    expect(r.to).toBeLessThanOrEqual(state.doc.length)
  })
})
