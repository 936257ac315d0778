import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { layerImports } from './scripts/lint/layerImports.mjs'

// The architecture's lines, enforced as allow-lists (see ../shared/DESIGN.md, docs/architecture.md):
// each layer names the packages and the project folders it may import, and the lint refuses the rest.
// Folders end in `/`; an entry without one is a single file (its extension optional).
const NODE = 'node:*'
// Node packages the desktop core and the agent both use (the WebRTC peer, mDNS, schemas, tokens).
const NODE_SIDE = [NODE, 'zod', 'jose', 'bonjour-service', 'simple-peer', '@roamhq/wrtc']
const SHARED = 'src/shared/'
const NET = 'src/net/'

const LAYERS = [
  {
    files: ['src/shared/**/*.ts'],
    layer: 'src/shared',
    packages: ['zod', 'jose'],
    folders: [SHARED],
    why: 'It is plain TypeScript run by every program: no Electron, no Node, no DOM, no program code.',
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    layer: 'src/renderer',
    packages: [
      'react',
      'react-dom',
      '@mantine/*',
      '@tabler/icons-react',
      '@tanstack/react-virtual',
      '@codemirror/*',
      '@lezer/*',
      'codemirror',
      'codemirror-json-schema',
      // Types only (JSONSchema7), the types codemirror-json-schema itself is written against.
      'json-schema',
      'uplot',
      'zustand',
      'best-effort-json-parser',
      'zod',
    ],
    folders: ['src/renderer/', SHARED],
    // The CONNECT tab shows the example program's text; none of its code runs in the page.
    text: ['examples/'],
    why: 'The renderer is a sandboxed page: it reaches the core only through the contract.',
  },
  {
    files: ['src/preload/**/*.ts'],
    layer: 'src/preload',
    packages: ['electron'],
    folders: ['src/preload/', 'src/shared/api/channels'],
    why: "The sandboxed preload bridges the contract's names only, from the dependency-free channels list.",
  },
  {
    files: ['src/net/**/*.ts'],
    layer: 'src/net',
    packages: NODE_SIDE,
    folders: [NET, SHARED],
    why: 'src/net holds Node transports shared by the desktop core and the agent: it imports neither.',
  },
  {
    files: ['src/agent/**/*.ts'],
    layer: 'src/agent',
    packages: NODE_SIDE,
    folders: ['src/agent/', NET, SHARED],
    why: 'The agent runs on the robot, a program of its own: it shares only src/net and src/shared with the desktop.',
  },
  {
    // The hub (DESIGN.md: Fastify with zod schemas, PGlite, pg): it may not import src/main, src/agent, src/renderer.
    files: ['src/hub/**/*.ts'],
    layer: 'src/hub',
    packages: [
      NODE,
      'zod',
      'jose',
      'fastify',
      'fastify-type-provider-zod',
      '@fastify/*',
      '@electric-sql/pglite',
      'pg',
    ],
    folders: ['src/hub/', SHARED],
    why: "The hub is the fleet's cloud, a program of its own: it shares only src/shared with the others.",
  },
  {
    files: ['src/main/**/*.{ts,mjs}'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    layer: 'The desktop core (src/main but its shell)',
    packages: [...NODE_SIDE, 'sql.js', 'ws', 'tsx'],
    folders: ['src/main/', NET, SHARED],
    except: ['src/main/shell/', 'src/main/index'],
    why: 'Only the shell (src/main/index.ts, src/main/shell) imports electron; the core stays plain Node and never reaches into the shell.',
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**/*.ts'],
    layer: 'The Electron shell',
    packages: [...NODE_SIDE, 'sql.js', 'ws', 'electron'],
    // resources/: the window's icon, imported as an electron-vite asset.
    folders: ['src/main/', NET, SHARED, 'resources/'],
    why: 'The shell wires the core into Electron; it does not run the agent or the page.',
  },
]

const fleetdesk = { rules: { 'layer-imports': layerImports } }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      // A note of work left undone names its reason in words, not a marker that is never read again.
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx', 'hack'], location: 'start' }],
    },
  },
  {
    // Type-aware rules, for the TypeScript of the three projects (tsconfig.{node,web,tools}.json).
    files: ['src/**/*.{ts,tsx}', 'tests/**/*.ts', 'bench/**/*.ts', '*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A switch over a union either names every member (ending in `default: assertNever(x)` where
      // the value may come off the wire) or says in a `default` what the others do; a switch over a
      // plain string or number always has a `default`.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // About React Compiler's memoization, which this project does not use; useVirtualizer is fine.
      'react-hooks/incompatible-library': 'off',
    },
  },
  ...LAYERS.map(({ files, ignores, ...options }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    plugins: { fleetdesk },
    rules: { 'fleetdesk/layer-imports': ['error', options] },
  })),
)
