/**
 * Turns a field error's path as the core writes it (`$.components[2].attributes["max-rpm"]`) into
 * a JSON Pointer (`/components/2/attributes/max-rpm`), so the editor can put the cursor on it.
 * Returns null for a path it cannot read rather than guessing.
 */
export function jsonPathToPointer(path: string): string | null {
  if (!path.startsWith('$')) return null
  const segments: string[] = []
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y
  let i = 1
  while (i < path.length) {
    re.lastIndex = i
    const m = re.exec(path)
    if (!m) return null
    const segment = m[1] ?? m[2] ?? (m[3] !== undefined ? (JSON.parse(m[3]) as string) : '')
    segments.push(segment.replace(/~/g, '~0').replace(/\//g, '~1'))
    i = re.lastIndex
  }
  return segments.length === 0 ? '' : `/${segments.join('/')}`
}

/** The pointer and each of its ancestors, deepest first: where to look when a path is not in the text. */
export function pointerAncestry(pointer: string): string[] {
  const out = [pointer]
  let p = pointer
  while (p !== '') {
    p = p.slice(0, p.lastIndexOf('/'))
    out.push(p)
  }
  return out
}
