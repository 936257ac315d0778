import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// The architecture's lines, enforced: shared imports nothing of the programs; the renderer only
// shared; only the Electron shell imports electron (see ../shared/DESIGN.md, docs/architecture.md).
const node = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net']
const restrict = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }]

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
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', ...node, '**/main/**', '**/renderer/**', '**/agent/**', '**/hub/**', '**/preload/**'],
        'src/shared is plain TypeScript shared by every program: no Electron, no Node modules, no program code.',
      ),
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
      'no-restricted-imports': restrict(
        ['electron', ...node, '**/main/**', '**/agent/**', '**/hub/**', '**/preload/**'],
        'The renderer imports only src/shared and its own files; it reaches the core through the contract.',
      ),
    },
  },
  {
    files: ['src/net/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', '**/main/**', '**/agent/**', '**/hub/**', '**/renderer/**', '**/preload/**'],
        'src/net holds Node transports shared by the desktop core and the agent: it imports neither.',
      ),
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/agent/**/*.ts', 'src/hub/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', '**/renderer/**', '**/preload/**'],
        'Only the desktop shell (src/main/index.ts, src/main/shell) imports electron; the core stays plain Node.',
      ),
    },
  },
)
