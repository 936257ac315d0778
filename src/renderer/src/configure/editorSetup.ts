import { EditorState, type Extension } from '@codemirror/state'
import { basicSetup } from 'codemirror'

/**
 * CodeMirror's basic setup (line numbers, folding, bracket help, completion, history, search) for
 * the JSON config editor, with one change: quotes are not auto-closed. The schema completion works
 * on a half-typed "name and replaces it whole, but offers nothing inside an already closed "name"
 * that has no value yet.
 */
export function editorSetup(): Extension {
  return [basicSetup, EditorState.languageData.of(() => [{ closeBrackets: { brackets: ['[', '{'] } }])]
}
