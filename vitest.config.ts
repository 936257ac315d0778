import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/crosscheck reads the team's shared folder, which a clone lacks: scripts/test.mjs runs it
    // as its own group (tests/crosscheck/vitest.config.ts) when that folder is there.
    exclude: ['tests/e2e/**', 'tests/crosscheck/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
