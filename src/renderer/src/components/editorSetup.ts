import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete'
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  getIndentUnit,
  indentString,
} from '@codemirror/language'
import { lintKeymap } from '@codemirror/lint'
import {
  Annotation,
  EditorSelection,
  EditorState,
  StateField,
  Transaction,
  type ChangeSet,
  type Extension,
  type StateCommand,
} from '@codemirror/state'
import {
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view'

// Why not `basicSetup` from the `codemirror` package: package.json pins `codemirror@^6.65.7`, which
// is the legacy CodeMirror 5 build published under a 6.x number, so @codemirror/commands (undo,
// default keymap) and @codemirror/search are not installed. Until package.json names the CodeMirror 6
// meta package (`codemirror@^6.0.2`), this supplies the few commands a config editor needs.

interface Entry {
  changes: ChangeSet
  selection: EditorSelection
  time: number
  event: string | undefined
}
interface History {
  done: readonly Entry[]
  undone: readonly Entry[]
}

const LIMIT = 200
const GROUP_MS = 600
const restoring = Annotation.define<History>()

const history = StateField.define<History>({
  create: () => ({ done: [], undone: [] }),
  update(value, tr) {
    const fromCommand = tr.annotation(restoring)
    if (fromCommand) return fromCommand
    if (!tr.docChanged || tr.annotation(Transaction.addToHistory) === false) return value
    const inverse = tr.changes.invert(tr.startState.doc)
    const event = ['input.type', 'delete'].find((e) => tr.isUserEvent(e))
    const time = tr.annotation(Transaction.time) ?? Date.now()
    const last = value.done[value.done.length - 1]
    // Typing runs become one undo step, as in any editor.
    if (last && event && last.event === event && time - last.time < GROUP_MS) {
      const merged = { ...last, changes: inverse.compose(last.changes), time }
      return { done: [...value.done.slice(0, -1), merged], undone: [] }
    }
    const entry = { changes: inverse, selection: tr.startState.selection, time, event }
    return { done: [...value.done, entry].slice(-LIMIT), undone: [] }
  },
})

function travel(from: 'done' | 'undone'): StateCommand {
  return ({ state, dispatch }) => {
    const h = state.field(history)
    const entry = h[from][h[from].length - 1]
    if (!entry) return false
    const back = {
      changes: entry.changes.invert(state.doc),
      selection: state.selection,
      time: 0,
      event: undefined,
    }
    const next: History =
      from === 'done'
        ? { done: h.done.slice(0, -1), undone: [...h.undone, back] }
        : { done: [...h.done, back], undone: h.undone.slice(0, -1) }
    dispatch(
      state.update({
        changes: entry.changes,
        selection: entry.selection,
        scrollIntoView: true,
        annotations: [restoring.of(next), Transaction.userEvent.of(from === 'done' ? 'undo' : 'redo')],
      }),
    )
    return true
  }
}

const selectAll: StateCommand = ({ state, dispatch }) => {
  dispatch(state.update({ selection: { anchor: 0, head: state.doc.length }, userEvent: 'select' }))
  return true
}

/**
 * Enter keeps the line's indentation, one unit deeper after an opening bracket; between a pair of
 * brackets it opens them onto three lines with the cursor on the middle one, as editors do.
 */
const newlineAndIndent: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false
  const unit = getIndentUnit(state)
  const tr = state.changeByRange((range) => {
    const line = state.doc.lineAt(range.from)
    const lineIndent = /^\s*/.exec(line.text)?.[0].length ?? 0
    const before = state.sliceDoc(line.from, range.from).trimEnd().slice(-1)
    const after = state.sliceDoc(range.to, line.to).trimStart().slice(0, 1)
    const opens = before === '{' || before === '['
    const inner = `\n${indentString(state, lineIndent + (opens ? unit : 0))}`
    const closes = opens && ((before === '{' && after === '}') || (before === '[' && after === ']'))
    const insert = closes ? `${inner}\n${indentString(state, lineIndent)}` : inner
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.cursor(range.from + inner.length),
    }
  })
  dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input' }))
  return true
}

const editorKeymap = [
  { key: 'Mod-z', run: travel('done'), preventDefault: true },
  { key: 'Mod-y', run: travel('undone'), preventDefault: true },
  { key: 'Mod-Shift-z', run: travel('undone'), preventDefault: true },
  { key: 'Mod-a', run: selectAll },
  { key: 'Enter', run: newlineAndIndent },
]

/** Line numbers, folding, bracket help, completion, undo: what a JSON config editor needs. */
export function editorSetup(): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history,
    foldGutter(),
    drawSelection(),
    dropCursor(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    // Quotes are not auto-closed: the schema completion works on a half-typed "name and replaces it
    // whole, but offers nothing inside an already closed "name" that has no value yet.
    EditorState.languageData.of(() => [{ closeBrackets: { brackets: ['[', '{'] } }]),
    autocompletion(),
    highlightActiveLine(),
    keymap.of([...closeBracketsKeymap, ...completionKeymap, ...foldKeymap, ...lintKeymap, ...editorKeymap]),
  ]
}
