import type { Diagnostic } from '@codemirror/lint'
import type { EditorState } from '@codemirror/state'
import type { FieldError } from '../../../shared/errors/CoreError'
import type { ConfigCheck } from './checkConfigText'
import { findJsonNode } from './findJsonNode'
import { jsonPathToPointer } from './jsonPathToPointer'

/** Where a problem is: a field's path (`$.components[1].api`) or a line and column (a JSON typo). */
export type ProblemTarget =
  { kind: 'path'; path: string } | { kind: 'position'; line: number; column: number } | { kind: 'document' }

/** One entry of the problems list and one marker in the editor: the two always agree. */
export interface ConfigProblem {
  /** Where, as the list shows it: the path, or "Line 2, column 16". */
  where: string
  message: string
  target: ProblemTarget
}

export interface ConfigProblems {
  /** The list's heading. */
  title: string
  kind: 'parse-error' | 'invalid' | 'refused'
  problems: ConfigProblem[]
}

/**
 * Every problem to show for the text the check ran on: a JSON syntax error is one problem (JSON.parse
 * stops at the first), a schema check lists each field error; errors the core returned for the last
 * save replace the local ones. Null when there is nothing to fix.
 */
export function listConfigProblems(
  check: ConfigCheck,
  serverErrors: FieldError[] | null,
): ConfigProblems | null {
  if (check.kind === 'parse-error') {
    const at =
      check.line !== null && check.column !== null ? { line: check.line, column: check.column } : null
    return {
      title: 'Not valid JSON: nothing can be checked or saved until this is fixed',
      kind: 'parse-error',
      problems: [
        {
          where: at ? `Line ${at.line}, column ${at.column}` : 'The config',
          message: check.message,
          target: at ? { kind: 'position', ...at } : { kind: 'document' },
        },
      ],
    }
  }
  const errors = serverErrors ?? (check.kind === 'invalid' ? check.errors : [])
  if (errors.length === 0) return null
  const count = `${errors.length} problem${errors.length === 1 ? '' : 's'}`
  return {
    title: serverErrors ? `Not saved: the core found ${count}` : `${count} to fix before saving`,
    kind: serverErrors ? 'refused' : 'invalid',
    problems: errors.map((e) => ({
      where: e.path,
      message: e.message,
      target: e.path === '$' ? { kind: 'document' } : { kind: 'path', path: e.path },
    })),
  }
}

/**
 * The text range a problem marks. A field marks its value when that fits on one line, else its key
 * (an object's `"attributes"`) or the value's first character (an array entry's `{`), so a marker
 * never underlines half the document. A path missing from the text marks its nearest ancestor.
 */
export function problemRange(state: EditorState, target: ProblemTarget): { from: number; to: number } {
  const doc = state.doc
  if (target.kind === 'document') return { from: 0, to: Math.min(1, doc.length) }
  if (target.kind === 'position') {
    const line = doc.line(Math.min(Math.max(1, target.line), doc.lines))
    const from = Math.min(line.from + Math.max(0, target.column - 1), line.to)
    // One character at the error (or the line's end when it is there), so a typo is one small marker.
    return { from, to: Math.min(from + 1, doc.length) }
  }
  const pointer = jsonPathToPointer(target.path)
  const at = pointer === null ? null : findJsonNode(state, pointer)
  if (!at) return { from: 0, to: Math.min(1, doc.length) }
  const { valueFrom, valueTo, keyFrom, keyTo } = at
  if (doc.lineAt(valueFrom).number === doc.lineAt(valueTo).number) return { from: valueFrom, to: valueTo }
  if (keyFrom !== null && keyTo !== null) return { from: keyFrom, to: keyTo }
  return { from: valueFrom, to: Math.min(valueFrom + 1, valueTo) }
}

/** Where the cursor goes for a problem: the start of what it marks. */
export function problemPosition(state: EditorState, target: ProblemTarget): number {
  return problemRange(state, target).from
}

/** The editor's markers for the problems: one per problem, at the place the list says. */
export function problemDiagnostics(state: EditorState, problems: readonly ConfigProblem[]): Diagnostic[] {
  return problems.map((p) => ({
    ...problemRange(state, p.target),
    severity: 'error',
    message: p.target.kind === 'path' ? `${p.where}: ${p.message}` : p.message,
    source: 'Fleetdesk',
  }))
}
