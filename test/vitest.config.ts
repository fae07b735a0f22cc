// The whole suite in two projects:
//   core — unit, integration (SQL and functions on the embedded engine), the engine's own tests;
//   e2e  — browser tests against the production build served by `netlify serve`, one server
//          for all files, files one after the other.
import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;

export default defineConfig({
  test: {
    root,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      {
        test: {
          name: 'core',
          root,
          include: ['test/{unit,integration,functions,local-supabase}/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/global-setup.ts'],
          fileParallelism: false,
          // A page under load (CI has two cores) may take more than expect.poll's default second.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
