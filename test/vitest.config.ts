// The whole suite in two projects:
//   core — unit, integration (SQL and functions on the embedded engine), the engine's own tests;
//   e2e  — browser tests against the production build served by `netlify serve`, one server
//          for all files, files one after the other;
//   e2e-dev — the users' journeys again, against `npm run dev` as the README starts it.
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
      {
        test: {
          name: 'e2e-dev',
          root,
          include: ['test/e2e-dev/**/*.test.ts'],
          globalSetup: ['test/e2e-dev/global-setup.ts'],
          fileParallelism: false,
          // The dev server compiles each page on its first request.
          expect: { poll: { timeout: 20_000 } },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
