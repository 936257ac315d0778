import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// An ESLint rule that holds the architecture's lines as allow-lists: each layer names the npm
// packages and the project folders it may import, and anything else is refused. Relative imports are
// resolved against the importing file, so `../main/x` from src/agent/sim (which is src/agent/main.ts)
// and `../main/x` from src/agent (which is src/main) are told apart. Layers are listed in
// eslint.config.js; this file only applies them.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The package a bare specifier names: `@scope/name` or `name`, without any subpath. */
function packageOf(specifier) {
  const [first = '', second = ''] = specifier.split('/')
  return first.startsWith('@') ? `${first}/${second}` : first
}

/** Whether a package name matches an allow-list entry: `name`, `@scope/*` or `node:*`. */
function allowedPackage(name, allowed) {
  return allowed.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry))
}

/** Whether a repo-relative path (extension optional) is in a folder (`dir/`) or is a file (`dir/name`). */
function inAny(path, entries) {
  return entries.some((entry) =>
    entry.endsWith('/') ? path.startsWith(entry) : path === entry || path.startsWith(`${entry}.`),
  )
}

const describe = (list) => (list.length === 0 ? 'none' : list.join(', '))

/** @type {import('eslint').Rule.RuleModule} */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the packages and folders its allow-list names.' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          packages: { type: 'array', items: { type: 'string' } },
          folders: { type: 'array', items: { type: 'string' } },
          except: { type: 'array', items: { type: 'string' } },
          // Folders whose files may be imported as text only (Vite's `?raw`): no code of theirs runs.
          text: { type: 'array', items: { type: 'string' } },
          why: { type: 'string' },
        },
        required: ['layer', 'packages', 'folders'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { layer, packages, folders, except = [], text = [], why = '' } = context.options[0]
    const allowed = except.length === 0 ? describe(folders) : `${describe(folders)} (not ${describe(except)})`
    const here = dirname(context.filename)
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      // Vite's `?raw`, `?url` and `?worker` suffixes name the same file.
      const specifier = source.value.replace(/\?.*$/, '')
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = relative(root, resolve(here, specifier)).split('\\').join('/')
        if (inAny(target, folders) && !inAny(target, except)) return
        if (source.value.endsWith('?raw') && inAny(target, text)) return
        context.report({
          node: source,
          message: `${layer} may import only from ${allowed}; '${specifier}' is ${target}. ${why}`.trim(),
        })
        return
      }
      const name = packageOf(specifier)
      if (allowedPackage(name, packages)) return
      context.report({
        node: source,
        message: `${layer} may import only the packages ${describe(packages)}; not '${name}'. ${why}`.trim(),
      })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    }
  },
}
