import { ensureSyntaxTree, syntaxTree } from '@codemirror/language'
import type { EditorState } from '@codemirror/state'
import type { SyntaxNode } from '@lezer/common'

/** Where a value sits in the text, with its property name when it is an object's member. */
export interface JsonNodeRange {
  valueFrom: number
  valueTo: number
  keyFrom: number | null
  keyTo: number | null
  /** False when the pointer is not all there and this is its deepest ancestor that is. */
  exact: boolean
}

const VALUE_NODES = new Set(['True', 'False', 'Null', 'Number', 'String', 'Object', 'Array'])

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c)
  return out
}

function unquote(state: EditorState, node: SyntaxNode): string | null {
  try {
    const raw: unknown = JSON.parse(state.doc.sliceString(node.from, node.to))
    return typeof raw === 'string' ? raw : null
  } catch {
    return null
  }
}

const decodeSegment = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~')

/**
 * Finds the value a JSON Pointer (`/components/2/attributes`) names in the editor's JSON syntax
 * tree, walking down one segment at a time (no map of every pointer in a large document). When a
 * segment is missing, returns the deepest ancestor found, marked not exact; null without a tree.
 */
export function findJsonNode(state: EditorState, pointer: string): JsonNodeRange | null {
  // The whole document, not only what CodeMirror parsed for the viewport so far.
  const top = (ensureSyntaxTree(state, state.doc.length, 500) ?? syntaxTree(state)).topNode
  let value = children(top).find((c) => VALUE_NODES.has(c.name))
  if (!value) return null
  let found: JsonNodeRange = {
    valueFrom: value.from,
    valueTo: value.to,
    keyFrom: null,
    keyTo: null,
    exact: true,
  }
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(decodeSegment)
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? ''
    let next: JsonNodeRange | null = null
    let nextValue: SyntaxNode | undefined
    if (value.name === 'Object') {
      // The last member of a name wins, as in JSON.parse.
      for (const prop of children(value)) {
        if (prop.name !== 'Property') continue
        const parts = children(prop)
        const name = parts.find((p) => p.name === 'PropertyName')
        if (!name || unquote(state, name) !== segment) continue
        const v = parts.find((p) => VALUE_NODES.has(p.name))
        nextValue = v
        next = v
          ? { valueFrom: v.from, valueTo: v.to, keyFrom: name.from, keyTo: name.to, exact: true }
          : { valueFrom: name.from, valueTo: name.to, keyFrom: name.from, keyTo: name.to, exact: true }
      }
    } else if (value.name === 'Array' && /^\d+$/.test(segment)) {
      const v = children(value).filter((c) => VALUE_NODES.has(c.name))[Number(segment)]
      if (v) {
        nextValue = v
        next = { valueFrom: v.from, valueTo: v.to, keyFrom: null, keyTo: null, exact: true }
      }
    }
    if (!next) return { ...found, exact: false }
    found = next
    // A property with no value yet ("name": ) ends the walk: exact only if it was the last segment.
    if (!nextValue) return i === segments.length - 1 ? found : { ...found, exact: false }
    value = nextValue
  }
  return found
}
