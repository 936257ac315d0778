import { useComputedColorScheme } from '@mantine/core'
import { json } from '@codemirror/lang-json'
import { lintGutter } from '@codemirror/lint'
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import { disableErrorLogging } from 'best-effort-json-parser'
import { getJsonPointers, jsonSchema } from 'codemirror-json-schema'
import type { JSONSchema7 } from 'json-schema'
import { useEffect, useImperativeHandle, useRef, type ReactElement, type Ref } from 'react'
import { machineConfigJsonSchema } from '../../../shared/config/machineConfigSchema'
import { jsonPathToPointer, pointerAncestry } from './jsonPathToPointer'
import { editorSetup } from './editorSetup'
import { editorTheme } from './editorTheme'

/** What the editor should show. A new `version` applies it: `load` starts fresh, `replace` is undoable. */
export interface EditorDoc {
  text: string
  version: number
  mode: 'load' | 'replace'
}

export interface ConfigEditorHandle {
  /** Puts the cursor on the value at a field error's path (or its nearest ancestor that exists). */
  revealPath(path: string): void
}

interface Props {
  doc: EditorDoc
  label: string
  readOnly?: boolean
  /** Schema-driven linting, hover and completion; off for read-only history views. */
  withSchema?: boolean
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
      withSchema ? [jsonSchema(configSchema()), lintGutter()] : json(),
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

  useEffect(() => {
    const v = view.current
    if (!v || props.doc.version === applied.current) return
    applied.current = props.doc.version
    const { text, mode } = props.doc
    if (mode === 'load') {
      // A fresh state: the previous document's undo history must not leak into this one.
      v.setState(EditorState.create({ doc: text, extensions: extensions.current() }))
    } else {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } })
    }
  }, [props.doc])

  useEffect(() => {
    view.current?.dispatch({ effects: themeSlot.current.reconfigure(editorTheme(dark)) })
  }, [dark])

  useImperativeHandle(props.handleRef, () => ({
    revealPath(path: string): void {
      const v = view.current
      const pointer = jsonPathToPointer(path)
      if (!v || pointer === null) return
      const pointers = getJsonPointers(v.state, 'json4')
      for (const p of pointerAncestry(pointer)) {
        const at = pointers.get(p)
        if (!at) continue
        const pos = 'valueFrom' in at ? at.valueFrom : at.keyFrom
        v.dispatch({ selection: { anchor: pos }, scrollIntoView: true })
        v.focus()
        return
      }
    },
  }))

  return <div ref={host} className="fd-editor" data-testid={props.testId} />
}
