import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

// The project's import graph, read with the TypeScript compiler's parser: every relative import,
// re-export and dynamic import() of every source file, resolved to the file it names. Type-only
// imports count too: a circle of types still ties two modules together.

export const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)))

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/

/** Repo-relative paths (with `/`) of the files under `dir` whose names match `pattern`. */
export function listFiles(dir: string, pattern: RegExp = SOURCE): string[] {
  const out: string[] = []
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (pattern.test(entry.name)) out.push(toRepoPath(full))
    }
  }
  walk(resolve(repoRoot, dir))
  return out.sort()
}

const toRepoPath = (absolute: string): string => relative(repoRoot, absolute).split('\\').join('/')

/** The module specifiers a file imports, in source order. */
export function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const CANDIDATES = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx']

/** The repo file a relative specifier names, or undefined for a package or an asset. */
export function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const base = resolve(repoRoot, dirname(from), specifier.replace(/\?.*$/, ''))
  // ESM sources may name a .ts file by its emitted .js name.
  const stems = base.endsWith('.js') ? [base, base.slice(0, -3)] : [base]
  for (const stem of stems) {
    for (const suffix of CANDIDATES) {
      const path = stem + suffix
      if (existsSync(path) && statSync(path).isFile() && SOURCE.test(path)) return toRepoPath(path)
    }
  }
  return undefined
}

/** Each file's imports of other project files, as repo-relative paths. */
export function fileGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(resolve(repoRoot, file), 'utf8')
    const targets = importsOf(file, text).flatMap((s) => resolveImport(file, s) ?? [])
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** The folder graph: an edge from a file's folder to each other folder one of its imports is in. */
export function folderGraph(files: Map<string, string[]>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>()
  for (const [file, targets] of files) {
    const from = dirname(file)
    const edges = graph.get(from) ?? new Set<string>()
    graph.set(from, edges)
    for (const target of targets) if (dirname(target) !== from) edges.add(dirname(target))
  }
  return new Map([...graph].map(([folder, edges]) => [folder, [...edges].sort()]))
}

export interface Circle {
  /** A shortest way round, starting and ending at the first member in sort order. */
  path: string[]
  /** Every node on some circle with the others (the strongly connected component). */
  members: string[]
}

/** Every circle in a graph: one per strongly connected component of two or more nodes, or a node importing itself. */
export function findCircles(graph: Map<string, string[]>): Circle[] {
  const loops = (node: string): boolean => (graph.get(node) ?? []).includes(node)
  return stronglyConnected(graph)
    .filter((members) => members.length > 1 || loops(members[0] ?? ''))
    .map((members) => ({ path: circleThrough(graph, members), members }))
    .sort((a, b) => (a.members[0] ?? '').localeCompare(b.members[0] ?? ''))
}

// Tarjan's algorithm, iterative so that a deep import chain cannot overflow the stack.
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }]
    index.set(start, counter)
    low.set(start, counter++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number }
      const edges = graph.get(frame.node) ?? []
      if (frame.next < edges.length) {
        const to = edges[frame.next++] as string
        if (!index.has(to)) {
          index.set(to, counter)
          low.set(to, counter++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, next: 0 })
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(to) ?? 0))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0))
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = []
        let member: string | undefined
        do {
          member = stack.pop()
          if (member === undefined) break
          onStack.delete(member)
          component.push(member)
        } while (member !== frame.node)
        components.push(component.sort())
      }
    }
  }
  return components
}

/** A shortest path from the component's first node back to itself, inside the component. */
function circleThrough(graph: Map<string, string[]>, component: string[]): string[] {
  const start = component[0] as string
  const inside = new Set(component)
  const previous = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string
    for (const to of graph.get(node) ?? []) {
      if (!inside.has(to)) continue
      if (to === start) {
        const path = [start]
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) {
          path.splice(1, 0, at)
        }
        return [...path, start]
      }
      if (!previous.has(to)) {
        previous.set(to, node)
        queue.push(to)
      }
    }
  }
  return [start, start]
}
