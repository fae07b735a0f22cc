// Vitest global setup of the e2e-dev project: ONE `npm run dev` for every file of test/e2e-dev.
import type { TestProject } from 'vitest/node';
import { startDevServer } from './dev-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    devBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDevServer();
  project.provide('devBaseUrl', server.baseUrl);
  return () => server.stop();
}
