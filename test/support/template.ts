// Where the test database template lives: built once per run by global-setup.ts.
import { fileURLToPath } from 'node:url';

export const templatePath = fileURLToPath(new URL('../../.data/test/template.tgz', import.meta.url));
