import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileGraph, findCircles, folderGraph, listFiles, type Circle } from './importGraph'

// No import circle in src, between files or between folders (a file's folder is its directory, so
// src/main/core and src/main/robots are two folders): a circle means neither side can be read,
// tested or moved without the other, and module start-up order starts to matter.
const files = fileGraph(listFiles('src'))

const others = (circle: Circle): string => {
  const rest = circle.members.filter((m) => !circle.path.includes(m))
  return rest.length === 0 ? '' : ` (also on circles with them: ${rest.join(', ')})`
}

/** One import that makes the folder edge `from -> to`, so the message says what to move. */
function witness(from: string, to: string): string {
  for (const [file, targets] of files) {
    if (dirname(file) !== from) continue
    const target = targets.find((t) => dirname(t) === to)
    if (target) return `${file} imports ${target}`
  }
  return 'no import found'
}

describe('the import graph of src', () => {
  it('reads the imports of every source file', () => {
    // A guard against a parser that silently finds nothing: browser mode's entry imports the core.
    expect(files.size).toBeGreaterThan(100)
    expect(files.get('src/main/serve.ts')?.length ?? 0).toBeGreaterThan(0)
  })

  it('has no circle between files', () => {
    const circles = findCircles(files).map((c) => c.path.join(' -> ') + others(c))
    expect(circles, 'import circles between files').toEqual([])
  })

  it('has no circle between folders', () => {
    const circles = findCircles(folderGraph(files)).map((c) => {
      const steps = c.path.slice(1).map((to, i) => `${c.path[i]} -> ${to} (${witness(c.path[i] ?? '', to)})`)
      return steps.join('; ') + others(c)
    })
    expect(circles, 'import circles between folders').toEqual([])
  })
})
