import { useComputedColorScheme } from '@mantine/core'
import { json, jsonLanguage } from '@codemirror/lang-json'
import { lintGutter, setDiagnostics } from '@codemirror/lint'
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state'
import { EditorView, hoverTooltip, keymap } from '@codemirror/view'
import { disableErrorLogging } from 'best-effort-json-parser'
import { jsonCompletion, jsonSchemaHover, stateExtensions } from 'codemirror-json-schema'
import type { JSONSchema7 } from 'json-schema'
import { useEffect, useImperativeHandle, useRef, type ReactElement, type Ref } from 'react'
import { machineConfigJsonSchema } from '../../../shared/config/machineConfigSchema'
import { problemDiagnostics, problemRange, type ConfigProblem, type ProblemTarget } from './configProblems'
import { editorSetup } from './editorSetup'
import { editorTheme } from './editorTheme'

/** What the editor should show. A new `version` applies it: `load` starts fresh, `replace` is undoable. */
export interface EditorDoc {
  text: string
  version: number
  mode: 'load' | 'replace'
}

export interface ConfigEditorHandle {
  /** Puts the cursor on a problem's place (a field's value, or a JSON typo's line and column). */
  revealProblem(target: ProblemTarget): void
}

/** The problems found in `text`; marked in the editor while its document is that text. */
export interface EditorProblems {
  text: string
  problems: readonly ConfigProblem[]
}

interface Props {
  doc: EditorDoc
  label: string
  readOnly?: boolean
  /** Schema-driven hover and completion; off for read-only history views. */
  withSchema?: boolean
  /** Markers: the same problems the list above the editor shows, so the two never disagree. */
  problems?: EditorProblems | null
  testId?: string
  onChange?(text: string): void
  onSave?(): void
  handleRef?: Ref<ConfigEditorHandle>
}

// codemirror-json-schema completes half-typed JSON with best-effort-json-parser, which logs a console
// error for every keystroke that leaves the document mid-edit. That is expected while typing, not an error.
disableErrorLogging()

// Built once per window: the schema does not change while the app runs.
let schema: JSONSchema7 | null = null
function configSchema(): JSONSchema7 {
  schema ??= machineConfigJsonSchema() as JSONSchema7
  return schema
}

/**
 * CodeMirror 6 over a JSON document. The React side only says which document to show; CodeMirror owns
 * the text, its undo history and selection, and reports edits through onChange.
 */
export default function ConfigEditor(props: Props): ReactElement {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const themeSlot = useRef(new Compartment())
  const latest = useRef(props)
  const applied = useRef(props.doc.version)
  const dark = useComputedColorScheme('dark') === 'dark'
  const darkNow = useRef(dark)

  useEffect(() => {
    latest.current = props
    darkNow.current = dark
  })

  // The editor's configuration; called again for a fresh state so a loaded document gets the same setup.
  const extensions = useRef((): Extension[] => {
    const { readOnly = false, withSchema = true, label } = latest.current
    return [
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              latest.current.onSave?.()
              return true
            },
          },
        ]),
      ),
      editorSetup(),
      // Not codemirror-json-schema's bundle: its linters mark a typo again as schema errors of the
      // half-parsed rest (four markers for one typo) and cannot see rules like unique names. The
      // markers come from the check the core runs on save (see `problems`).
      withSchema
        ? [
            json(),
            jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
            hoverTooltip(jsonSchemaHover()),
            stateExtensions(configSchema()),
            lintGutter(),
          ]
        : json(),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) latest.current.onChange?.(u.state.doc.toString())
      }),
      themeSlot.current.of(editorTheme(darkNow.current)),
    ]
  })

  useEffect(() => {
    if (!host.current) return
    const state = EditorState.create({ doc: latest.current.doc.text, extensions: extensions.current() })
    const v = new EditorView({ parent: host.current, state })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
  }, [])

  // Marks the problems once they are for the text on screen; until then the last markers stay,
  // mapped through the edits, and the next check replaces them.
  const markProblems = useRef((): void => {
    const v = view.current
    const found = latest.current.problems
    if (!v || found === undefined) return
    const list = found && found.text === v.state.doc.toString() ? found.problems : found ? null : []
    if (list === null) return
    v.dispatch(setDiagnostics(v.state, problemDiagnostics(v.state, list)))
  })

  useEffect(() => {
    const v = view.current
    if (!v || props.doc.version === applied.current) return
    applied.current = props.doc.version
    const { text, mode } = props.doc
    if (mode === 'load') {
      // A fresh state: the previous document's undo history must not leak into this one.
      v.setState(EditorState.create({ doc: text, extensions: extensions.current() }))
      markProblems.current()
    } else {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } })
    }
  }, [props.doc])

  useEffect(() => {
    markProblems.current()
  }, [props.problems])

  useEffect(() => {
    view.current?.dispatch({ effects: themeSlot.current.reconfigure(editorTheme(dark)) })
  }, [dark])

  useImperativeHandle(props.handleRef, () => ({
    revealProblem(target: ProblemTarget): void {
      const v = view.current
      if (!v) return
      const { from } = problemRange(v.state, target)
      // Centred, so the line is not left on the editor's edge under the problems list.
      v.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: 'center' }) })
      v.focus()
    },
  }))

  return <div ref={host} className="fd-editor" data-testid={props.testId} />
}
