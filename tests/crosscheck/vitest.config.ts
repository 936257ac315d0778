import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The cross-check group: the project's fixtures and tables against the team's seed documents and
// published configs. Run by scripts/test.mjs only when that folder exists (see sharedFolder.ts).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['tests/crosscheck/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
})
