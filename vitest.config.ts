import { defineConfig } from 'vitest/config'

const exclude = ['tests/e2e/**', 'tests/crosscheck/**', 'node_modules/**']

export default defineConfig({
  test: {
    // tests/crosscheck reads the team's shared folder, which a clone lacks: scripts/test.mjs runs it
    // as its own group (tests/crosscheck/vitest.config.ts) when that folder is there.
    exclude,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two projects so that only a run that includes hub tests starts PostgreSQL: Vitest runs a
    // project's globalSetup only when that project has test files to run.
    projects: [
      // (Each project names its own include: with `extends`, lists add up rather than replace.)
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...exclude, 'tests/hub/**'] },
      },
      {
        extends: true,
        test: {
          name: 'hub',
          include: ['tests/hub/**/*.test.ts'],
          globalSetup: ['tests/hub/support/postgresGlobalSetup.ts'],
          // A hub on a loaded machine: PGlite starts, migrations and a few hundred requests a file.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
