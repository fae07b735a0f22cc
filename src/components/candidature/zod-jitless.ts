// zod compiles its object parsers with `new Function` when it may, and probes for it when a schema
// is built: under the page's Content-Security-Policy (no 'unsafe-eval') the probe is a reported
// violation. Imported first by the form's script, before any schema exists: interpreted parsing only.
import { z } from 'zod';

z.config({ jitless: true });
